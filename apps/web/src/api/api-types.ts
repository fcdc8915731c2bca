/**
 * The API's types, taken from the zod schemas of @app/contracts (type-only:
 * no schema code reaches the browser bundle). Screens import from here or
 * straight from '@app/contracts' with `import type`.
 */
export type {
  BulkSessionView,
  CertificateView,
  CompanyView,
  ContractStatus,
  ContractView,
  NoticeView,
  SessionView,
  UserView,
} from '@app/contracts';

import type { BulkSessionView, ContractView, NoticeView, SessionView } from '@app/contracts';

/** GET /api/contracts: one page, with `from`/`to` for 「N件中 a～b件目を表示」. */
export interface ContractPage {
  items: ContractView[];
  total: number;
  page: number;
  pageSize: number;
  from: number;
  to: number;
}

/** GET /api/auth/session and POST /api/auth/login. */
export interface SessionReply {
  session: SessionView;
  csrfToken: string;
}

/** GET /api/auth/session-state: a session, or none (200 either way). */
export type SessionStateReply = SessionReply | { session: null };

export type BulkItemView = BulkSessionView['items'][number];
export type BulkSessionCounts = Omit<BulkSessionView, 'items'>;

export interface NoticePage {
  items: NoticeView[];
}
