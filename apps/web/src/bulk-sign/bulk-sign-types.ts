import type { z } from 'zod';
import type { bulkSignCandidatesSchema } from '@app/contracts';
import type { ContractView } from '../api/api-types';

/** GET /api/bulk-sign/candidates: at most `limit`, oldest first; `truncated` when more are waiting. */
export type BulkSignCandidates = z.infer<typeof bulkSignCandidatesSchema>;

/** 契約文書一括署名（受取）選択's conditions as typed (all strings), named as the API takes them. */
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

/** The search's rows of a session's documents (they carry 署名有無 and 更新日 as the list showed them). */
export interface BulkSignSelection {
  sessionId: string;
  contracts: ContractView[];
}
