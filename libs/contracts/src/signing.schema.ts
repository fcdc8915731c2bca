import { z } from 'zod';
import { userIdSchema } from './identity.schema';
import { sealedSecretSchema } from './sealed-secret';

/** Certificate serial numbers as our CA writes them: upper-case hex. */
export const serialNumberSchema = z.string().regex(/^[0-9A-F]{2,64}$/, 'must be a certificate serial number (hex)');
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');
/** Who asked for a signature: one document or one bulk session. Idempotency and signing passwords bind to it. */
export const signingRequestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be letters, digits, "_" or "-" (at most 100)');
const isoTime = z.iso.datetime({ offset: true });

/** What a sealed PIN sent to signing is bound to: one certificate and one user. */
export function signingSecretContext(purpose: 'pin' | 'signing-password', subject: string): string {
  return `signing:${purpose}:${subject}`;
}

export const certificateHolderSchema = z.object({
  userId: userIdSchema,
  status: z.enum(['PENDING_ACTIVATION', 'ACTIVE', 'LOCKED']),
  activatedAt: isoTime.nullable(),
  lockedAt: isoTime.nullable(),
});

export const certificateViewSchema = z.object({
  serialNumber: serialNumberSchema,
  companyId: z.string(),
  subject: z.string(),
  issuer: z.string(),
  keyAlgorithm: z.string(),
  notBefore: isoTime,
  notAfter: isoTime,
  fingerprintSha256: z.string(),
  status: z.enum(['VALID', 'REVOKED', 'EXPIRED']),
  revokedAt: isoTime.nullable(),
  holders: z.array(certificateHolderSchema),
});
export type CertificateView = z.infer<typeof certificateViewSchema>;

export const issueCertificateSchema = z.object({ userId: userIdSchema });
export const linkCertificateSchema = z.object({ serialNumber: serialNumberSchema, userId: userIdSchema });
export const certificateRefSchema = z.object({ serialNumber: serialNumberSchema });
export const revokeCertificateSchema = z.object({
  serialNumber: serialNumberSchema,
  reason: z.enum(['keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'unspecified']).default('unspecified'),
});
export const activateCertificateSchema = z.object({
  serialNumber: serialNumberSchema,
  /** Sealed to signing with `signingSecretContext('pin', serial:userId)`. */
  pin: sealedSecretSchema,
  /** Sealed to identity with `identitySecretContext('verify-password', userId)`; signing passes it on unopened. */
  loginPassword: sealedSecretSchema,
});
export const certificateListSchema = z.object({ items: z.array(certificateViewSchema) });

export const issueSigningPasswordSchema = z.object({
  requestId: signingRequestIdSchema,
  userId: userIdSchema,
  documentNumbers: z
    .array(z.string().regex(/^\d{10}$/))
    .min(1)
    .max(200),
  /** Asked for by the signer (再発行), not by the workflow reaching the signer's turn: rate-limited. */
  reissue: z.boolean().default(false),
});
export const signingPasswordIssuedSchema = z.object({ requestId: z.string(), userId: userIdSchema, expiresAt: isoTime });

export const signDocumentSchema = z.object({
  requestId: signingRequestIdSchema,
  documentSha256: sha256Schema,
  serialNumber: serialNumberSchema,
  /** Sealed to signing with `signingSecretContext('signing-password', requestId:userId)`. */
  signingPassword: sealedSecretSchema,
  /** The last signature the document gets (the one that concludes it): the signed PDF is extended to PAdES B-LTA. */
  final: z.boolean().optional(),
});

/** PAdES levels a stored PDF reaches: B-T (signature timestamps), B-LT (+ validation data), B-LTA (+ archive timestamp). */
export const LONG_TERM_LEVELS = ['B-T', 'B-LT', 'B-LTA'] as const;
export const longTermLevelSchema = z.enum(LONG_TERM_LEVELS);
export type LongTermLevel = z.infer<typeof longTermLevelSchema>;
/** 長期署名: what a concluded PDF proves and until when (原本性保証期限). */
export const longTermStateSchema = z.object({
  level: longTermLevelSchema,
  /** The latest archive (document) timestamp's time. */
  archiveTimestampAt: isoTime,
  /** Its TSA certificate's end or LONG_TERM_ALGORITHM_HORIZON, whichever is first. */
  proofUntil: isoTime,
});
export type LongTermState = z.infer<typeof longTermStateSchema>;

export const signatureRecordSchema = z.object({
  requestId: z.string(),
  documentSha256: sha256Schema,
  signedSha256: sha256Schema,
  serialNumber: serialNumberSchema,
  userId: userIdSchema,
  signedAt: isoTime,
  /** Present when the signature was the last one: the stored PDF is PAdES B-LTA. */
  longTerm: longTermStateSchema.optional(),
});

/**
 * Bytes handed between services by claim check (libs/blob-store StagedFiles):
 * the receiver reads them by ID and verifies the hash. PDF bytes never ride
 * on a message.
 */
export const stagedFileSchema = z.object({
  id: z.uuid(),
  sha256: sha256Schema,
  sizeBytes: z.number().int().positive(),
});
export type StagedFileReference = z.infer<typeof stagedFileSchema>;

/** A stored PDF (by its hash) or an uploaded one (staged). */
export const validateDocumentSchema = z.union([z.object({ sha256: sha256Schema }), z.object({ upload: stagedFileSchema })]);
export const validationReportSchema = z.record(z.string(), z.unknown());

/** The largest OCSP request read: a few dozen CertIDs with a nonce fit in 1 KiB. */
export const OCSP_REQUEST_MAX_BYTES = 16 * 1024;

export const timestampQuerySchema = z.object({ queryBase64: z.base64().max(64 * 1024) });
export const timestampReplySchema = z.object({ replyBase64: z.base64() });
/** A published CRL's name: the root's, the first issuing CA's, or a later issuing CA's after a rollover (issuing-ca-g2, …). */
export const crlNameSchema = z.string().regex(/^(root-ca|issuing-ca(-g[1-9][0-9]{0,3})?)$/);
export const crlRequestSchema = z.object({ name: crlNameSchema.optional() }).strict();
export const crlReplySchema = z.object({ derBase64: z.base64() });
/** An OCSP request (DER, RFC 6960) as received; the responder parses it, so only its size is checked here. */
export const ocspRequestSchema = z.object({ requestBase64: z.base64().max(Math.ceil((OCSP_REQUEST_MAX_BYTES * 4) / 3) + 4) });
/**
 * The largest OCSP response sent: one signed answer per CertID of the largest request, plus the responder's
 * certificate, stays far below this.
 */
export const OCSP_RESPONSE_MAX_BYTES = 64 * 1024;
export const ocspReplySchema = z.object({ responseBase64: z.base64().max(Math.ceil((OCSP_RESPONSE_MAX_BYTES * 4) / 3) + 4) });
/** The root, the issuing CA that issues now, and every issuing CA generation by its published name (issuing-ca, issuing-ca-g2, …). */
export const caCertificatesSchema = z.object({
  rootPem: z.string(),
  issuingPem: z.string(),
  issuing: z.array(z.object({ name: crlNameSchema, pem: z.string() })).optional(),
});

/** Register a PDF for signing: normalised once and stored in the blob store (signing owns PDF handling). */
export const prepareDocumentSchema = z.object({ upload: stagedFileSchema });
export const preparedDocumentSchema = z.object({
  sha256: sha256Schema,
  bytes: z.number().int().positive(),
  pageCount: z.number().int().positive(),
});
