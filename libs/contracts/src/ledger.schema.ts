import { z } from 'zod';
import { companyIdSchema, PLANS } from './identity.schema';
import { ContractEventTypes } from './names';
import { sha256Schema, stagedFileSchema } from './signing.schema';

/**
 * What crosses a process boundary for contract-workflow's ledger parts: the
 * billing ledger, the audit trail (監査証跡) and webhooks.
 */

const isoTime = z.iso.datetime({ offset: true });
// The workflow's own schemas name these too; kept local so the two files never clash in the index.
const contractIdSchema = z.uuid();
const documentNumberSchema = z.string().regex(/^\d{10}$/, 'must be a 10-digit document management number');
/** The contract whose audit trail is asked for. */
export const auditContractRefSchema = z.object({ contractId: contractIdSchema }).strict();

// ---- billing -------------------------------------------------------------

export const usageMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM (e.g. 2026-11)');

/** `contract-workflow.billing.usage`: administrators see their own company; the operator names one. */
export const billingUsageQuerySchema = z.object({ month: usageMonthSchema, companyId: companyIdSchema.optional() }).strict();
export type BillingUsageQuery = z.input<typeof billingUsageQuerySchema>;

export const billingChargeSchema = z.object({
  contractId: contractIdSchema,
  documentNumber: documentNumberSchema,
  side: z.enum(['sender', 'receiver']),
  plan: z.enum(PLANS),
  counterpartyCompanyId: companyIdSchema,
  concludedAt: isoTime,
});
export type BillingCharge = z.infer<typeof billingChargeSchema>;

/** 長期保管延長: one renewal of one document charged to the company holding the option (per document per extension). */
export const renewalChargeSchema = z.object({
  contractId: contractIdSchema,
  documentNumber: documentNumberSchema,
  /** The archive generation renewed (0: the conclusion's document timestamp). */
  generation: z.number().int().min(0),
  renewedAt: isoTime,
});

export const billingUsageSchema = z.object({
  companyId: companyIdSchema,
  month: usageMonthSchema,
  timeZone: z.literal('Asia/Tokyo'),
  chargedContracts: z.number().int().min(0),
  charges: z.array(billingChargeSchema),
  /** 長期保管延長 renewals charged in the month, each document and extension once. */
  chargedRenewals: z.number().int().min(0),
  renewals: z.array(renewalChargeSchema),
});
export type BillingUsage = z.infer<typeof billingUsageSchema>;

// ---- audit trail ---------------------------------------------------------

/** A user (`U…`) or an operator (`P…`). */
const actorIdSchema = z.string().regex(/^[UP]\d{6}$/, 'must be a user or operator ID (e.g. U000027)');

export const auditActorSchema = z.object({
  kind: z.enum(['user', 'operator', 'api-token', 'system']),
  userId: actorIdSchema.optional(),
  companyId: companyIdSchema.optional(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditEntrySchema = z.object({
  contractId: contractIdSchema,
  documentNumber: documentNumberSchema,
  seq: z.number().int().min(1),
  action: z.string(),
  actor: auditActorSchema,
  senderCompanyId: companyIdSchema,
  receiverCompanyId: companyIdSchema,
  /** Until an entry says the document was sent, only the sender's company may read the trail. */
  sentToReceiver: z.boolean(),
  clientIp: z.string().nullable(),
  documentSha256: sha256Schema.nullable(),
  details: z.record(z.string(), z.unknown()),
  occurredAt: isoTime,
  previousHash: sha256Schema,
  hash: sha256Schema,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditTrailSchema = z.object({
  contractId: contractIdSchema,
  documentNumber: documentNumberSchema,
  entries: z.array(auditEntrySchema),
});
export type AuditTrailView = z.infer<typeof auditTrailSchema>;

export const auditVerificationSchema = z.object({
  contractId: contractIdSchema,
  valid: z.boolean(),
  entries: z.number().int().min(0),
  /** The sequence number of the first entry whose hash or link does not match. */
  firstBrokenAt: z.number().int().min(1).optional(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

/** The generated report, staged for the gateway to read and discard (no bytes on the broker). */
export const auditPdfSchema = z.object({ filename: z.string(), file: stagedFileSchema });

// ---- webhooks --------------------------------------------------------------

export const contractEventTypeSchema = z.enum(Object.values(ContractEventTypes));
export type ContractEventType = z.infer<typeof contractEventTypeSchema>;

/** The `data` of every contract.* webhook event. */
export const contractEventSchema = z.object({
  contractId: contractIdSchema,
  documentNumber: documentNumberSchema,
  status: z.string().min(1),
  senderCompanyId: companyIdSchema,
  receiverCompanyId: companyIdSchema,
  occurredAt: isoTime,
  actorUserId: actorIdSchema.optional(),
});
export type ContractEvent = z.infer<typeof contractEventSchema>;

/**
 * The JSON body of every webhook delivery: POSTed with the headers X-Inkan-Event (= `type`), X-Inkan-Delivery,
 * X-Inkan-Timestamp and X-Inkan-Signature (see WEBHOOK_HEADERS and docs/ledger.md).
 */
export const webhookEventBodySchema = z
  .object({
    /** Stable for one fact: a receiver dedupes on it (a delivery may come twice). */
    id: z.uuid(),
    type: contractEventTypeSchema,
    createdAt: isoTime,
    data: contractEventSchema,
  })
  .strict();
export type WebhookEventBody = z.infer<typeof webhookEventBodySchema>;

/** The headers of a webhook delivery, and what each carries. */
export const WEBHOOK_HEADERS = {
  'X-Inkan-Event': 'The event type, as `type` in the body (e.g. contract.concluded).',
  'X-Inkan-Delivery': 'The delivery ID (UUID): one per subscription and event; the same on a redelivery.',
  'X-Inkan-Timestamp': 'When this attempt was signed, in Unix seconds; reject one too old (replay).',
  'X-Inkan-Signature':
    '`sha256=<hex>`: HMAC-SHA256 with the subscription secret (its UTF-8 bytes) over "<X-Inkan-Timestamp>.<raw body>"; compare in constant time.',
} as const;

/** Checked with the WHATWG parser the dispatcher uses, so every URL stored is one it can POST to (never a throw: a 500). */
const webhookUrlSchema = z
  .string()
  .max(2000)
  .superRefine((value, context) => {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname) {
      context.addIssue({
        code: 'custom',
        message: 'must be an http:// or https:// URL',
        params: { messageJa: 'http:// または https:// で始まる正しいURLを指定してください' },
      });
    } else if (url.username || url.password) {
      context.addIssue({
        code: 'custom',
        message: 'must not carry a user name or password',
        params: { messageJa: 'URLに利用者名やパスワードを含めることはできません' },
      });
    }
  });

export const createWebhookSchema = z
  .object({
    url: webhookUrlSchema,
    eventTypes: z.array(contractEventTypeSchema).min(1).max(Object.keys(ContractEventTypes).length),
    description: z.string().trim().max(200).optional(),
  })
  .strict();
export type CreateWebhook = z.input<typeof createWebhookSchema>;

export const webhookRefSchema = z.object({ webhookId: z.uuid() }).strict();

export const webhookViewSchema = z.object({
  webhookId: z.uuid(),
  companyId: companyIdSchema,
  url: z.string(),
  eventTypes: z.array(contractEventTypeSchema),
  description: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: isoTime,
  deletedAt: isoTime.nullable(),
});
export type WebhookView = z.infer<typeof webhookViewSchema>;

export const webhookCreatedSchema = z.object({
  webhook: webhookViewSchema,
  secret: z.string().describe('Shown once: verify X-Inkan-Signature with it (HMAC-SHA256 of "<X-Inkan-Timestamp>.<body>").'),
});

export const webhookListSchema = z.object({ items: z.array(webhookViewSchema) });

export const webhookDeliveryRefSchema = z.object({ webhookId: z.uuid(), deliveryId: z.uuid() }).strict();

export const WebhookDeliveryStatuses = ['pending', 'delivered', 'failed', 'cancelled'] as const;

export const listWebhookDeliveriesSchema = z
  .object({
    webhookId: z.uuid(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
    status: z.enum(WebhookDeliveryStatuses).optional(),
  })
  .strict();

export const webhookDeliverySchema = z.object({
  deliveryId: z.uuid(),
  webhookId: z.uuid(),
  eventId: z.uuid(),
  eventType: contractEventTypeSchema,
  status: z.enum(WebhookDeliveryStatuses),
  attempts: z.number().int().min(0),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoTime,
  nextAttemptAt: isoTime.nullable(),
  lastAttemptAt: isoTime.nullable(),
  deliveredAt: isoTime.nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryPageSchema = z.object({
  items: z.array(webhookDeliverySchema),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(100),
});
