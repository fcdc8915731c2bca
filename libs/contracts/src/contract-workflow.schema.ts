import { z } from 'zod';
import { companyIdSchema, userIdSchema } from './identity.schema';
import { sha256Schema, stagedFileSchema } from './signing.schema';

/** The statuses of DOMAIN.md: the code in API and events, the label on screens. */
export const CONTRACT_STATUSES = {
  DRAFT: '登録中',
  SENDER_APPROVAL: '発信側承認待ち',
  SENDER_SIGNATURE: '発信側署名待ち',
  AWAITING_RECEIPT: '受領側受取待ち',
  RECEIVER_APPROVAL: '受領側承認待ち',
  RECEIVER_SIGNATURE: '受領側署名待ち',
  CONCLUDED: '締結済',
  RETURNED: '差戻し',
  DECLINED: '受取拒否',
  WITHDRAWN: '取消',
} as const;
export type ContractStatus = keyof typeof CONTRACT_STATUSES;
export const contractStatusSchema = z.enum(Object.keys(CONTRACT_STATUSES) as [ContractStatus, ...ContractStatus[]]);

/** 署名有無: both companies sign, or only the sender (the receiver confirms receipt). */
export const SIGNATURE_MODES = { BOTH: '双方署名有り', SENDER_ONLY: '発信者のみ署名' } as const;
/** 受発注区分: the side a company is on. */
export const TRADE_SIDES = { ORDERER: '発注側', CONTRACTOR: '受注側' } as const;

export const documentNumberSchema = z.string().regex(/^\d{10}$/, 'must be a 10-digit document management number');
export const contractIdSchema = z.uuid();

/** A side's route: approvers (0..10, in order, none twice), then the signer. */
export const routeSchema = z.object({
  approvers: z
    .array(userIdSchema)
    .max(10)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an approver')
    .default([]),
  signer: userIdSchema,
});

/** A registration's own fields: everything but the PDF. */
export const registrationFieldsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  counterpartyCompanyId: companyIdSchema,
  recipientUserId: userIdSchema,
  /** The sender's own side: 発注側 (ORDERER) or 受注側 (CONTRACTOR). */
  senderSide: z.enum(['ORDERER', 'CONTRACTOR']),
  signatureMode: z.enum(['BOTH', 'SENDER_ONLY']).default('BOTH'),
  transactionDate: z.iso.date(),
  amount: z.number().int().min(0).max(1e13),
  route: routeSchema,
  /** 案件 of the sender's company (companies with the matter option only). */
  matterId: z.uuid().optional(),
});

/** A complete registration as contract-workflow checks it: the fields and the uploaded PDF, staged by the gateway. */
export const registerContractSchema = registrationFieldsSchema.extend({ upload: stagedFileSchema });

const FILLED_BY_TEMPLATE = ['name', 'counterpartyCompanyId', 'recipientUserId', 'senderSide', 'route'] as const;

/** Without a template, the fields a template would fill in are required. */
function requiredWithoutTemplate(request: Record<string, unknown>, context: z.RefinementCtx): void {
  if (request.templateId) {
    return;
  }
  for (const field of FILLED_BY_TEMPLATE) {
    if (request[field] === undefined) {
      context.addIssue({ code: 'invalid_type', expected: field === 'route' ? 'object' : 'string', path: [field], input: undefined });
    }
  }
}

/**
 * What a registration may leave out: with a `templateId`, the template's
 * contract info and route fill what is not given (a field given wins).
 * Either way the completed registration is then checked like any other.
 */
const registrationRequestFields = registrationFieldsSchema
  .partial({ name: true, counterpartyCompanyId: true, recipientUserId: true, senderSide: true, route: true })
  .extend({
    signatureMode: z.enum(['BOTH', 'SENDER_ONLY']).optional(),
    /** テンプレート of the registrant's company whose contract info and route fill what the body leaves out. */
    templateId: z.uuid().optional(),
  });

/** An Idempotency-Key: a retry with the same key (same user) finds the contract the first request made. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 visible ASCII characters')
  .describe('Idempotency-Key');

/** The registration message to contract-workflow: the request fields, the staged upload and the caller's key. */
export const registerContractRequestSchema = registrationRequestFields
  .extend({ upload: stagedFileSchema, idempotencyKey: idempotencyKeySchema.optional() })
  .superRefine(requiredWithoutTemplate);

/** The registration fields of `POST /api/contracts` sent as multipart/form-data (the `contract` part, JSON). */
export const registerContractFieldsSchema = registrationRequestFields.strict().superRefine(requiredWithoutTemplate);

/** `POST /api/contracts` as JSON: the fields and the PDF as base64 (4/3 of its size; multipart/form-data sends it as is). */
export const registerContractJsonSchema = registrationRequestFields
  .extend({ pdfBase64: z.base64().min(8).describe('The PDF, base64-encoded') })
  .superRefine(requiredWithoutTemplate);

export const contractRefSchema = z.object({ contractId: contractIdSchema });
export const receiveContractSchema = z.object({
  contractId: contractIdSchema,
  route: routeSchema,
  /** 案件 of the receiver's company (companies with the matter option only). */
  matterId: z.uuid().optional(),
});
export const commentCommandSchema = z.object({ contractId: contractIdSchema, comment: z.string().trim().max(1000).optional() });
export const rerouteContractSchema = z.object({ contractId: contractIdSchema, route: routeSchema });
export const signContractSchema = z.object({
  contractId: contractIdSchema,
  serialNumber: z.string().regex(/^[0-9A-F]{2,64}$/),
  /** Sealed to signing with `signingSecretContext('signing-password', `${signingRequestId}:${userId}`)`. */
  signingPassword: z.string().min(1).max(4096),
});

export const routeStepViewSchema = z.object({
  side: z.enum(['SENDER', 'RECEIVER']),
  position: z.number().int(),
  role: z.enum(['APPROVER', 'SIGNER']),
  userId: userIdSchema,
  actedAt: z.iso.datetime({ offset: true }).nullable(),
  action: z.string().nullable(),
});

export const contractViewSchema = z.object({
  contractId: contractIdSchema,
  documentNumber: documentNumberSchema,
  name: z.string(),
  signatureMode: z.enum(['BOTH', 'SENDER_ONLY']),
  status: contractStatusSchema,
  statusLabel: z.string(),
  sender: z.object({
    companyId: companyIdSchema,
    companyName: z.string(),
    side: z.enum(['ORDERER', 'CONTRACTOR']),
    registrantUserId: userIdSchema,
  }),
  receiver: z.object({
    companyId: companyIdSchema,
    companyName: z.string(),
    side: z.enum(['ORDERER', 'CONTRACTOR']),
    recipientUserId: userIdSchema,
  }),
  /** From the viewer's company: the other company, its side (取引先企業名, 取引先受発注区分). */
  counterparty: z.object({
    companyId: companyIdSchema,
    companyName: z.string(),
    side: z.enum(['ORDERER', 'CONTRACTOR']),
    sideLabel: z.string(),
  }),
  transactionDate: z.string(),
  amount: z.number(),
  /** The SHA-256 of the bytes the registrant uploaded, before the platform normalised them (null for contracts registered before it was kept). */
  uploadSha256: sha256Schema.nullable(),
  /** The normalised PDF as registered (what the signatures build on). */
  originalSha256: sha256Schema,
  currentSha256: sha256Schema,
  currentActorUserId: userIdSchema.nullable(),
  /** The viewer's own company's 案件 (each side links its own; the other side's is never shown). */
  matterId: z.uuid().nullable(),
  /** While a signer is due: what its signing password is bound to. */
  signingRequestId: z.string().nullable(),
  route: z.array(routeStepViewSchema),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  concludedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ContractView = z.infer<typeof contractViewSchema>;

export const listContractsSchema = z.object({
  scope: z.enum(['MY_LIST', 'COMPANY']).default('MY_LIST'),
  /** SENT: the viewer's company is the sender (送信済み); RECEIVED: the receiver (受信). */
  direction: z.enum(['SENT', 'RECEIVED']).optional(),
  status: contractStatusSchema.optional(),
  documentNumber: documentNumberSchema.optional(),
  name: z.string().trim().max(200).optional(),
  counterpartyName: z.string().trim().max(200).optional(),
  counterpartySide: z.enum(['ORDERER', 'CONTRACTOR']).optional(),
  updatedFrom: z.iso.date().optional(),
  updatedTo: z.iso.date().optional(),
  sort: z.enum(['documentNumber', 'updatedAt', 'name', 'status']).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
});
export const contractPageSchema = z.object({
  items: z.array(contractViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** For "N件中 a～b件目を表示": the first and last row shown (1-based; 0 when empty). */
  from: z.number().int(),
  to: z.number().int(),
});

/** Where a contract's PDF is: the gateway reads it from the blob store by hash and sends it (no bytes on the broker). */
export const contractPdfSchema = z.object({ sha256: sha256Schema, sizeBytes: z.number().int().positive(), fileName: z.string() });
