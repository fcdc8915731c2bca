import { z } from 'zod';
import { contractIdSchema, documentNumberSchema } from './contract-workflow.schema';
import { companyIdSchema } from './identity.schema';
import { longTermLevelSchema, sha256Schema, validationReportSchema } from './signing.schema';

/**
 * 長期保管文書: concluded contracts, searchable as the Electronic Book
 * Preservation Act (電子帳簿保存法) asks — by transaction date, amount and
 * counterparty, date and amount as ranges, any conditions combined.
 */

const amountSchema = z.number().int().min(0).max(1e13);
const ARCHIVE_SORTS = ['transactionDate', 'amount', 'documentNumber', 'concludedAt', 'name', 'counterpartyName'] as const;

export const searchArchiveSchema = z
  .object({
    /** 取引年月日: both ends inclusive. */
    transactionDateFrom: z.iso.date().optional(),
    transactionDateTo: z.iso.date().optional(),
    /** 取引金額 (yen): both ends inclusive. */
    amountMin: amountSchema.optional(),
    amountMax: amountSchema.optional(),
    /** 取引先: part of the other company's name, and/or its company ID. */
    counterpartyName: z.string().trim().max(200).optional(),
    counterpartyCompanyId: companyIdSchema.optional(),
    documentNumber: documentNumberSchema.optional(),
    /** Part of the contract name. */
    name: z.string().trim().max(200).optional(),
    sort: z.enum(ARCHIVE_SORTS).default('transactionDate'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(200).default(20),
  })
  .superRefine((query, context) => {
    if (query.transactionDateFrom && query.transactionDateTo && query.transactionDateFrom > query.transactionDateTo) {
      context.addIssue({
        code: 'custom',
        path: ['transactionDateFrom'],
        message: 'transactionDateFrom must not be after transactionDateTo',
        params: { messageJa: '取引年月日の開始日は終了日と同じか、それより前の日付にしてください' },
      });
    }
    if (query.amountMin !== undefined && query.amountMax !== undefined && query.amountMin > query.amountMax) {
      context.addIssue({
        code: 'custom',
        path: ['amountMin'],
        message: 'amountMin must not be greater than amountMax',
        params: { messageJa: '取引金額の下限は上限と同じか、それより小さい金額にしてください' },
      });
    }
  });
export type ArchiveSearch = z.output<typeof searchArchiveSchema>;

export const archiveLongTermSchema = z.object({
  level: longTermLevelSchema,
  archiveTimestampAt: z.iso.datetime({ offset: true }).nullable(),
  proofUntil: z.iso.datetime({ offset: true }).nullable(),
  generation: z.number().int().min(0),
  /**
   * 長期保管期限: the proof ends within LONG_TERM_WARNING_MONTHS and no party holds 長期保管延長, so the document will
   * not be renewed (the viewer's 管理用ID has been mailed about it).
   */
  expiring: z.boolean(),
});
export type ArchiveLongTerm = z.infer<typeof archiveLongTermSchema>;

export const archivedContractSchema = z.object({
  contractId: contractIdSchema,
  documentNumber: documentNumberSchema,
  name: z.string(),
  signatureMode: z.enum(['BOTH', 'SENDER_ONLY']),
  /** Whether the viewer's company sent or received it. */
  ourRole: z.enum(['SENDER', 'RECEIVER']),
  counterparty: z.object({
    companyId: companyIdSchema,
    companyName: z.string(),
    side: z.enum(['ORDERER', 'CONTRACTOR']),
    sideLabel: z.string(),
  }),
  transactionDate: z.iso.date(),
  amount: z.number(),
  concludedAt: z.iso.datetime({ offset: true }),
  /** SHA-256 of the concluded PDF (what `pdf` downloads). */
  sha256: sha256Schema,
  /**
   * 長期署名 (the archive record): the PAdES level of the stored PDF, its latest archive timestamp, the date until
   * which it proves the document (原本性保証期限) and how often it was renewed (0: as concluded). Null for a
   * contract concluded before long-term signatures were made.
   */
  longTerm: archiveLongTermSchema.nullable(),
  /** Where to download the concluded PDF, its validation report and its audit trail. */
  links: z.object({
    pdf: z.string(),
    validationReport: z.string(),
    auditTrail: z.string(),
    auditTrailPdf: z.string(),
    auditTrailVerification: z.string(),
  }),
});
export type ArchivedContract = z.infer<typeof archivedContractSchema>;

export const archivePageSchema = z.object({
  items: z.array(archivedContractSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** For "N件中 a～b件目を表示": the first and last row shown (1-based; 0 when the page is empty). */
  from: z.number().int(),
  to: z.number().int(),
});

/** The signing service's validation report of the concluded PDF as stored. */
export const archiveValidationSchema = z.object({
  contractId: contractIdSchema,
  documentNumber: documentNumberSchema,
  sha256: sha256Schema,
  /** The archive record beside the report (the report's own longTerm section is read from the file). */
  longTerm: archiveLongTermSchema.nullable(),
  report: validationReportSchema,
});
