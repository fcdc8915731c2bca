import { Side, SignatureMode } from '../shell/labels';

/** The fields of the API's contract view that the screens show. */
export interface ContractView {
  contractId: string;
  documentNumber: string;
  name: string;
  signatureMode: SignatureMode;
  status: string;
  statusLabel: string;
  /** From the viewer's company: the other company and its side (取引先企業名, 取引先受発注区分). */
  counterparty: { companyId: string; companyName: string; side: Side; sideLabel: string };
  updatedAt: string;
}

/** GET /api/contracts/{id}: the list's fields and what 契約文書情報 adds. */
export interface ContractDetail extends ContractView {
  sender: { companyId: string; companyName: string; side: Side; registrantUserId: string };
  receiver: { companyId: string; companyName: string; side: Side; recipientUserId: string };
  /** `YYYY-MM-DD`. */
  transactionDate: string;
  amount: number;
  createdAt: string;
  concludedAt: string | null;
}

/** GET /api/contracts: one page, with `from`/`to` for 「N件中 a～b件目を表示」. */
export interface ContractPage {
  items: ContractView[];
  total: number;
  page: number;
  pageSize: number;
  from: number;
  to: number;
}
