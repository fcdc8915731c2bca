import { ContractView } from '../contracts/contract-types';

/** GET /api/bulk-sign/candidates: at most `limit`, oldest first; `truncated` when more are waiting. */
export interface BulkSignCandidates {
  items: ContractView[];
  total: number;
  limit: number;
  truncated: boolean;
}

/** 契約文書一括署名（受取）選択's conditions, named as the API takes them. */
export interface BulkSignSearch {
  documentNumber: string;
  name: string;
  counterpartyName: string;
  counterpartySide: '' | 'ORDERER' | 'CONTRACTOR';
  updatedFrom: string;
  updatedTo: string;
}

/** What 契約文書一括署名（受取）選択 keeps while the user looks at a document: the last search and the choice. */
export interface BulkSignSelectMemory {
  conditions: BulkSignSearch;
  selected: string[];
}

export interface BulkItemView {
  contractId: string;
  documentNumber: string;
  name: string;
  signatureMode: 'BOTH' | 'SENDER_ONLY';
  counterpartyName: string;
  counterpartySideLabel: string;
  updatedAt: string;
  state: 'PENDING' | 'CONCLUDED' | 'FAILED';
  stateLabel: string;
  failure: { code: string; ja: string; en: string } | null;
}

/** A session's counts, as the progress stream's `progress` events carry them. */
export interface BulkSessionCounts {
  sessionId: string;
  status: 'SELECTED' | 'STARTING' | 'RUNNING' | 'COMPLETED';
  statusLabel: string;
  total: number;
  done: number;
  failed: number;
  pending: number;
}

export interface BulkSessionView extends BulkSessionCounts {
  items: BulkItemView[];
}

/** What the usable certificates of GET /api/certificates look like. */
export interface CertificateView {
  serialNumber: string;
  subject: string;
  notAfter: string;
  status: 'VALID' | 'REVOKED' | 'EXPIRED';
  holders: { userId: string; status: 'PENDING_ACTIVATION' | 'ACTIVE' | 'LOCKED' }[];
}
