import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { defineInboxTable, defineOutboxTable } from '@app/messaging/outbox.table';

/** Everything signing stores lives in this schema; no other service reads it. */
export const signingSchema = pgSchema('signing');

export const outbox = defineOutboxTable(signingSchema);
export const inbox = defineInboxTable(signingSchema);

/**
 * The platform CA and TSA, made at first start. One row; private keys only
 * wrapped with SIGNING_MASTER_KEY (AES-256-GCM, base64), never in clear.
 */
export const platformCa = signingSchema.table(
  'platform_ca',
  {
    id: text('id').primaryKey().default('platform'),
    rootCertificate: text('root_certificate').notNull(),
    rootKeyWrapped: text('root_key_wrapped'),
    issuingCertificate: text('issuing_certificate').notNull(),
    issuingKeyWrapped: text('issuing_key_wrapped').notNull(),
    tsaCertificate: text('tsa_certificate').notNull(),
    tsaKeyWrapped: text('tsa_key_wrapped').notNull(),
    tsaPolicy: text('tsa_policy').notNull(),
    /** Incremented with every revocation, so each CRL carries a higher number. */
    crlNumber: integer('crl_number').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('platform_ca_single_row', sql`${table.id} = 'platform'`)],
);

/**
 * Keys that replaced the first issuing CA's or TSA's (`platform_ca` holds generation 1): one row per rollover, issued
 * before the previous key's use period ends. The unique (kind, generation) makes one rollover win when several signing
 * processes attempt it at once. Earlier generations stay: their certificates, CRLs and OCSP answers keep what they
 * signed verifiable. Private keys only wrapped with SIGNING_MASTER_KEY.
 */
export const authorityKeys = signingSchema.table(
  'authority_keys',
  {
    kind: text('kind').notNull(),
    generation: integer('generation').notNull(),
    certificate: text('certificate').notNull(),
    keyWrapped: text('key_wrapped').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.kind, table.generation] }),
    check('authority_keys_kind', sql`${table.kind} IN ('issuing-ca', 'tsa')`),
    check('authority_keys_generation', sql`${table.generation} >= 2`),
  ],
);

/** One per signer certificate; the key pair was made here, the private key is stored only wrapped. */
export const certificates = signingSchema.table(
  'certificates',
  {
    serialNumber: text('serial_number').primaryKey(),
    companyId: text('company_id').notNull(),
    subject: text('subject').notNull(),
    issuer: text('issuer').notNull(),
    certificateDer: text('certificate_der').notNull(),
    privateKeyWrapped: text('private_key_wrapped').notNull(),
    keyAlgorithm: text('key_algorithm').notNull(),
    fingerprintSha256: text('fingerprint_sha256').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    issuedBy: text('issued_by').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revocationReason: text('revocation_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('certificates_company_idx').on(table.companyId),
    check('certificates_serial_format', sql`${table.serialNumber} ~ '^[0-9A-F]{2,64}$'`),
    check('certificates_revoked_with_reason', sql`(${table.revokedAt} IS NULL) = (${table.revocationReason} IS NULL)`),
  ],
);

/**
 * The user IDs a certificate is linked to (the seed allows one certificate for
 * several IDs). Each link has its own PIN (argon2id hash only), its own
 * 証明書有効性確認 and its own PIN lockout.
 */
export const certificateHolders = signingSchema.table(
  'certificate_holders',
  {
    serialNumber: text('serial_number')
      .notNull()
      .references(() => certificates.serialNumber),
    userId: text('user_id').notNull(),
    companyId: text('company_id').notNull(),
    pinHash: text('pin_hash').notNull(),
    failedPins: integer('failed_pins').notNull().default(0),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    linkedBy: text('linked_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.serialNumber, table.userId] }),
    index('certificate_holders_user_idx').on(table.userId),
    check('certificate_holders_failed_pins_range', sql`${table.failedPins} BETWEEN 0 AND 5`),
  ],
);

/**
 * One-time signing passwords (署名用パスワード), bound to one signing request
 * and one user; stored as an HMAC under the master key; expiring, single use,
 * void after 5 wrong entries. At most one open password per request and user.
 */
export const signingPasswords = signingSchema.table(
  'signing_passwords',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: text('request_id').notNull(),
    userId: text('user_id').notNull(),
    companyId: text('company_id').notNull(),
    passwordMac: text('password_mac').notNull(),
    documentNumbers: text('document_numbers').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('signing_passwords_one_open')
      .on(table.requestId, table.userId)
      .where(sql`${table.usedAt} IS NULL AND ${table.voidedAt} IS NULL`),
    check('signing_passwords_failed_range', sql`${table.failedAttempts} BETWEEN 0 AND 5`),
  ],
);

/** Every signature made: once per (request, document), which is what makes signing idempotent. */
export const signatures = signingSchema.table(
  'signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: text('request_id').notNull(),
    documentSha256: text('document_sha256').notNull(),
    signedSha256: text('signed_sha256').notNull(),
    serialNumber: text('serial_number')
      .notNull()
      .references(() => certificates.serialNumber),
    userId: text('user_id').notNull(),
    companyId: text('company_id').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('signatures_once_per_request_document').on(table.requestId, table.documentSha256)],
);

/**
 * 一括署名: a session the signing service accepted (password spent, certificate
 * checked once). Its existence makes a repeated start a no-op.
 */
export const bulkRuns = signingSchema.table('bulk_runs', {
  sessionId: uuid('session_id').primaryKey(),
  userId: text('user_id').notNull(),
  companyId: text('company_id').notNull(),
  serialNumber: text('serial_number')
    .notNull()
    .references(() => certificates.serialNumber),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** When every document's job had run (the flow's parent job). */
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/**
 * One document of an accepted session: the source of truth the workers and the
 * sweeper work from (Redis holds only the jobs). PENDING until signed or failed.
 */
export const bulkDocuments = signingSchema.table(
  'bulk_documents',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => bulkRuns.sessionId),
    contractId: uuid('contract_id').notNull(),
    documentSha256: text('document_sha256').notNull(),
    state: text('state', { enum: ['PENDING', 'SIGNED', 'FAILED'] })
      .notNull()
      .default('PENDING'),
    signedSha256: text('signed_sha256'),
    failureCode: text('failure_code'),
    attempts: integer('attempts').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.sessionId, table.contractId] }),
    index('bulk_documents_pending_idx')
      .on(table.sessionId)
      .where(sql`${table.state} = 'PENDING'`),
    check('bulk_documents_signed_has_hash', sql`${table.state} <> 'SIGNED' OR ${table.signedSha256} IS NOT NULL`),
  ],
);
