import { z } from 'zod';
import { contractIdSchema, contractViewSchema, documentNumberSchema, listContractsSchema } from './contract-workflow.schema';
import { userIdSchema } from './identity.schema';
import { sealedSecretSchema } from './sealed-secret';
import { longTermStateSchema, serialNumberSchema, sha256Schema } from './signing.schema';

/** At most this many documents are found, selected and signed in one 一括署名（受取）. */
export const BULK_SIGN_LIMIT = 200;

export const bulkSessionIdSchema = z.uuid();

/** What a bulk-sign session's signing password is bound to (and its signatures' request ID). */
export function bulkSigningRequestId(sessionId: string): string {
  return `bulk-${sessionId}`;
}

/** 契約文書一括署名（受取）選択: the optional search conditions, as in the contract search. */
export const bulkSignSearchSchema = listContractsSchema.pick({
  documentNumber: true,
  name: true,
  counterpartyName: true,
  counterpartySide: true,
  updatedFrom: true,
  updatedTo: true,
});
export const bulkSignCandidatesSchema = z.object({
  /** Documents of my list waiting for my receipt (受領側受取待ち), oldest first, at most BULK_SIGN_LIMIT. */
  items: z.array(contractViewSchema),
  /** How many match in all; when more than `limit`, sign some first (the seed's rule). */
  total: z.number().int(),
  limit: z.number().int(),
  truncated: z.boolean(),
});

/** 対象選択: exactly these documents; a signing password is issued and mailed. */
export const createBulkSignSessionSchema = z.object({
  contractIds: z
    .array(contractIdSchema)
    .min(1)
    .max(10_000)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a document'),
});

/** 一括署名（受取）: the certificate and the mailed signing password (sealed by the gateway). */
export const executeBulkSignSchema = z.object({
  sessionId: bulkSessionIdSchema,
  serialNumber: serialNumberSchema,
  /** Sealed to signing with `signingSecretContext('signing-password', `bulk-${sessionId}:${userId}`)`. */
  signingPassword: sealedSecretSchema,
});
export const bulkSessionRefSchema = z.object({ sessionId: bulkSessionIdSchema });

export const BULK_SESSION_STATUSES = {
  SELECTED: '対象選択済',
  STARTING: '開始処理中',
  RUNNING: '署名処理中',
  COMPLETED: '完了',
} as const;
export type BulkSessionStatus = keyof typeof BULK_SESSION_STATUSES;

export const BULK_ITEM_STATES = { PENDING: '処理待ち', CONCLUDED: '締結済', FAILED: '署名できませんでした' } as const;
export type BulkItemState = keyof typeof BULK_ITEM_STATES;

export const bulkItemViewSchema = z.object({
  contractId: contractIdSchema,
  documentNumber: documentNumberSchema,
  name: z.string(),
  /** 署名有無 */
  signatureMode: z.enum(['BOTH', 'SENDER_ONLY']),
  counterpartyName: z.string(),
  counterpartySide: z.enum(['ORDERER', 'CONTRACTOR']),
  counterpartySideLabel: z.string(),
  /** 更新日: when the contract last changed. */
  updatedAt: z.iso.datetime({ offset: true }),
  state: z.enum(['PENDING', 'CONCLUDED', 'FAILED']),
  stateLabel: z.string(),
  /** Why it failed, in both languages. */
  failure: z.object({ code: z.string(), ja: z.string(), en: z.string() }).nullable(),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
});
export const bulkSessionViewSchema = z.object({
  sessionId: bulkSessionIdSchema,
  userId: userIdSchema,
  status: z.enum(['SELECTED', 'STARTING', 'RUNNING', 'COMPLETED']),
  statusLabel: z.string(),
  /** What the gateway seals the signing password to. */
  signingRequestId: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
  executedAt: z.iso.datetime({ offset: true }).nullable(),
  completedAt: z.iso.datetime({ offset: true }).nullable(),
  items: z.array(bulkItemViewSchema),
});
export type BulkSessionView = z.infer<typeof bulkSessionViewSchema>;

/**
 * contract-workflow → the gateway's progress streams: a session's counts as
 * they are after documents finished, with those documents' new states (in
 * the transaction that finished them; the gateway applies them to the state
 * a stream read when it opened).
 */
export const bulkSessionProgressedSchema = bulkSessionViewSchema.omit({ items: true }).extend({
  items: z
    .array(bulkItemViewSchema.pick({ contractId: true, state: true, stateLabel: true, failure: true, finishedAt: true }))
    .max(BULK_SIGN_LIMIT),
});
export type BulkSessionProgressed = z.infer<typeof bulkSessionProgressedSchema>;

/** contract-workflow → signing: verify the password and certificate once, then queue one job per document. */
export const startBulkSignSchema = z.object({
  sessionId: bulkSessionIdSchema,
  serialNumber: serialNumberSchema,
  signingPassword: sealedSecretSchema,
  documents: z
    .array(z.object({ contractId: contractIdSchema, documentSha256: sha256Schema }))
    .min(1)
    .max(BULK_SIGN_LIMIT),
});
export const bulkSignStartedSchema = z.object({ sessionId: bulkSessionIdSchema, documents: z.number().int() });

/**
 * signing → contract-workflow: documents of a session that carry the
 * receiver's signature now — those a worker finished together, in one
 * event (one document when a retried job announces it again).
 */
export const bulkDocumentsSignedSchema = z.object({
  sessionId: bulkSessionIdSchema,
  userId: userIdSchema,
  serialNumber: serialNumberSchema,
  documents: z
    .array(
      z.object({
        contractId: contractIdSchema,
        documentSha256: sha256Schema,
        signedSha256: sha256Schema,
        signedAt: z.iso.datetime({ offset: true }),
        /** The receiver's signature concludes the document: the stored PDF is PAdES B-LTA. */
        longTerm: longTermStateSchema.optional(),
      }),
    )
    .min(1)
    .max(BULK_SIGN_LIMIT),
});
export type BulkDocumentsSigned = z.infer<typeof bulkDocumentsSignedSchema>;

/** signing → contract-workflow: one document of a session could not be signed (permanently, or after every retry). */
export const bulkDocumentFailedSchema = z.object({
  sessionId: bulkSessionIdSchema,
  contractId: contractIdSchema,
  userId: userIdSchema,
  code: z.string(),
  ja: z.string(),
  en: z.string(),
});
export type BulkDocumentFailed = z.infer<typeof bulkDocumentFailedSchema>;
