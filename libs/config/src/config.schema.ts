import { z } from 'zod';
import { DEVELOPMENT_SEAL_KEYS, DEVELOPMENT_SIGNING_MASTER_KEY, DEVELOPMENT_WEBHOOK_SECRET_KEY } from './dev-keys';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const port = z.coerce
  .number({ error: 'must be a port number (0 to 65535)' })
  .int({ error: 'must be a port number (0 to 65535)' })
  .min(0, { error: 'must be a port number (0 to 65535)' })
  .max(65535, { error: 'must be a port number (0 to 65535)' });
const positiveInt = z.coerce
  .number({ error: 'must be a whole number' })
  .int({ error: 'must be a whole number' })
  .positive({ error: 'must be greater than 0' });

const sealKey = z.string().regex(/^[A-Za-z0-9+/]{40,64}={0,2}$/, 'must be a base64 X25519 key (DER, SPKI or PKCS#8)');

const aes256Key = z
  .string()
  .refine(
    (value) => Buffer.from(value, 'base64').length === 32 && /^[A-Za-z0-9+/]{43}=$/.test(value),
    'must be 32 bytes in base64 (44 characters)',
  );

/** Optional per-service override that falls back to DATABASE_URL. */
const optionalDatabaseUrl = url(['postgres:', 'postgresql:']).optional();

/**
 * Every environment variable inkan reads. Defaults work against the local
 * PostgreSQL, RabbitMQ and Redis of a developer machine.
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    /** OpenTelemetry tracing is off (no SDK started) unless set; spans go to `<endpoint>/v1/traces` (OTLP/HTTP). */
    OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']).optional(),

    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgresql://postgres@127.0.0.1:5432/inkan'),
    IDENTITY_DATABASE_URL: optionalDatabaseUrl,
    CONTRACT_WORKFLOW_DATABASE_URL: optionalDatabaseUrl,
    SIGNING_DATABASE_URL: optionalDatabaseUrl,
    NOTIFICATION_DATABASE_URL: optionalDatabaseUrl,
    BLOB_DATABASE_URL: optionalDatabaseUrl,
    DATABASE_POOL_SIZE: positiveInt.max(100).default(10),

    AMQP_URL: url(['amqp:', 'amqps:']).default('amqp://guest:guest@127.0.0.1:5672'),
    AMQP_PREFIX: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,30}$/, 'must be lower-case letters, digits, "_" or "-", starting with a letter')
      .default('inkan'),
    AMQP_PREFETCH: positiveInt.max(1000).default(16),
    AMQP_EVENT_PREFETCH: positiveInt.max(1000).default(64),
    AMQP_DELIVERY_LIMIT: positiveInt.max(100).default(5),
    AMQP_RECONNECT_SECONDS: z.coerce.number().positive().max(60).default(1),
    RPC_TIMEOUT_MS: positiveInt.default(10_000),
    OUTBOX_POLL_MS: positiveInt.default(500),
    /** The longest the outbox relay's transaction waits for the broker's confirms before it rolls back and retries. */
    OUTBOX_CONFIRM_TIMEOUT_MS: positiveInt.min(100, { error: 'must be at least 100' }).max(120_000).default(10_000),
    /** A service reports its outbox "down" (and /health turns degraded) once its oldest unsent event is this old. */
    OUTBOX_LAG_DEGRADED_SECONDS: positiveInt.max(86_400).default(60),
    /** Sent events stay in a service's outbox this long; handled message IDs stay in its inbox (deduplication) this long. */
    OUTBOX_RETENTION_DAYS: positiveInt.max(3650, { error: 'must be at most 3650 (ten years)' }).default(7),
    INBOX_RETENTION_DAYS: positiveInt.max(3650, { error: 'must be at most 3650 (ten years)' }).default(30),
    MESSAGE_RETENTION_INTERVAL_MINUTES: positiveInt.max(24 * 60, { error: 'must be at most 1440 (one day)' }).default(60),

    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z.string().min(1).default('inkan'),

    GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
    GATEWAY_PORT: port.default(3000),
    HEALTH_TIMEOUT_MS: positiveInt.default(2_000),
    /** Each process serves /livez and /readyz on this port when it is set (docs/deploy.md); unset, none. */
    HEALTH_PORT: port.optional(),
    /** /health answers from a report at most this old; concurrent requests share one probe. */
    HEALTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),

    BLOB_MAX_BYTES: positiveInt.default(50 * 1024 * 1024),

    /**
     * The HTTP edge (docs/security.md): a request body may have HTTP_BODY_LIMIT_BYTES (PDF routes: the PDF
     * limit); headers must arrive within HTTP_HEADERS_TIMEOUT_MS and a body within HTTP_BODY_TIMEOUT_MS,
     * plus, on PDF routes, one second per HTTP_UPLOAD_MIN_BYTES_PER_SECOND announced.
     */
    HTTP_BODY_LIMIT_BYTES: positiveInt.min(16 * 1024, { error: 'must be at least 16384' }).default(1024 * 1024),
    HTTP_HEADERS_TIMEOUT_MS: positiveInt.min(1_000, { error: 'must be at least 1000' }).max(120_000).default(10_000),
    HTTP_BODY_TIMEOUT_MS: positiveInt.min(1_000, { error: 'must be at least 1000' }).max(600_000).default(20_000),
    HTTP_UPLOAD_MIN_BYTES_PER_SECOND: positiveInt.min(1024, { error: 'must be at least 1024' }).default(128 * 1024),

    /**
     * The PDF sandbox (signing): uploaded PDFs are parsed and validated in PDF_SANDBOX_WORKERS worker
     * threads, each capped at PDF_SANDBOX_MEMORY_MB of heap and PDF_SANDBOX_TIMEOUT_MS per document
     * (keep it below RPC_TIMEOUT_MS so the caller gets the refusal, not a timeout); up to
     * PDF_SANDBOX_QUEUE more wait, the next is told to retry. A document's streams may decode to
     * PDF_MAX_INFLATED_BYTES in all (images excepted). See docs/security.md.
     */
    PDF_SANDBOX_WORKERS: positiveInt.max(16, { error: 'must be at most 16' }).default(2),
    PDF_SANDBOX_QUEUE: z.coerce.number().int({ error: 'must be a whole number' }).min(0).max(1_000).default(8),
    PDF_SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(100, { error: 'must be at least 100' }).max(600_000).default(8_000),
    PDF_SANDBOX_MEMORY_MB: positiveInt.min(64, { error: 'must be at least 64' }).max(16_384).default(512),
    PDF_MAX_INFLATED_BYTES: positiveInt.min(1024 * 1024, { error: 'must be at least 1048576 (1 MiB)' }).default(128 * 1024 * 1024),
    /**
     * パスワードを忘れた場合: how long a mailed reset link works, and how many reset requests
     * one login ID and one client address may make per hour (429 past either, whether or not the
     * ID exists). See docs/security.md.
     */
    PASSWORD_RESET_TTL_MINUTES: positiveInt
      .min(5, { error: 'must be at least 5' })
      .max(24 * 60)
      .default(30),
    PASSWORD_RESET_PER_ID_PER_HOUR: positiveInt.max(100).default(3),
    PASSWORD_RESET_PER_ADDRESS_PER_HOUR: positiveInt.max(10_000).default(20),

    /** Where users reach the platform; links in mails start with it. Cookies are Secure when it is https. */
    PUBLIC_BASE_URL: url(['http:', 'https:']).default('http://127.0.0.1:3000'),
    SESSION_IDLE_MINUTES: positiveInt.max(24 * 60).default(30),
    SESSION_ABSOLUTE_HOURS: positiveInt.max(7 * 24).default(12),
    LOGIN_RATE_LIMIT_PER_MINUTE: positiveInt.max(10_000).default(30),
    INVITATION_TTL_HOURS: positiveInt.max(30 * 24).default(72),

    /**
     * Mail. Without SMTP_URL, mails are written as .eml files to MAIL_DROP_DIR
     * (relative paths start at the repository root). Retries: see
     * apps/notification/src/delivery/retry-policy.ts; the bounds keep the
     * longest wait well under RabbitMQ's 30-minute consumer timeout.
     */
    SMTP_URL: url(['smtp:', 'smtps:']).optional(),
    MAIL_FROM: z
      .string()
      .regex(/^(?:[^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be a mail address, e.g. "inkan <no-reply@example.com>"')
      .default('inkan <no-reply@inkan.localhost>'),
    MAIL_DROP_DIR: z.string().min(1).default('.inkan/mail'),
    MAIL_SMTP_POOL_SIZE: positiveInt.max(50, { error: 'must be at most 50' }).default(5),
    MAIL_RETRY_ATTEMPTS: positiveInt.max(10, { error: 'must be at most 10' }).default(5),
    MAIL_RETRY_BASE_MS: positiveInt.max(60_000, { error: 'must be at most 60000 (one minute)' }).default(2_000),
    MAIL_RETRY_MAX_MS: positiveInt.max(120_000, { error: 'must be at most 120000 (two minutes)' }).default(60_000),

    /** X25519 keys for sealed secrets (see libs/contracts sealed-secret.ts): each service holds only its own private key. */
    IDENTITY_SEAL_PUBLIC_KEY: sealKey.default(DEVELOPMENT_SEAL_KEYS.identity.publicKey),
    IDENTITY_SEAL_PRIVATE_KEY: sealKey.default(DEVELOPMENT_SEAL_KEYS.identity.privateKey),
    NOTIFICATION_SEAL_PUBLIC_KEY: sealKey.default(DEVELOPMENT_SEAL_KEYS.notification.publicKey),
    NOTIFICATION_SEAL_PRIVATE_KEY: sealKey.default(DEVELOPMENT_SEAL_KEYS.notification.privateKey),
    SIGNING_SEAL_PUBLIC_KEY: sealKey.default(DEVELOPMENT_SEAL_KEYS.signing.publicKey),
    SIGNING_SEAL_PRIVATE_KEY: sealKey.default(DEVELOPMENT_SEAL_KEYS.signing.privateKey),

    /** Signing: the master key wraps every private key (AES-256-GCM); certificates, signing passwords, CRLs. */
    SIGNING_MASTER_KEY: aes256Key.default(DEVELOPMENT_SIGNING_MASTER_KEY),
    SIGNING_KEY_ALGORITHM: z.enum(['rsa-2048', 'rsa-3072', 'ecdsa-p256', 'ecdsa-p384']).default('rsa-2048'),
    SIGNING_CERT_VALIDITY_DAYS: positiveInt.max(3650, { error: 'must be at most 3650 (ten years)' }).default(730),
    SIGNING_PASSWORD_TTL_HOURS: positiveInt.max(24 * 14, { error: 'must be at most 336 (two weeks)' }).default(24),
    /** Re-issues (再発行) of a signing password a signer may ask for per signing request in any hour; each one mails. */
    SIGNING_PASSWORD_REISSUES_PER_HOUR: positiveInt.max(100, { error: 'must be at most 100' }).default(3),
    SIGNING_CRL_BASE_URL: url(['http:', 'https:']).optional(),
    /**
     * 一括署名: documents a signing-worker process has under way at once (64: while one batch's
     * records commit, the next is being signed; at 32 the worker idled during each commit, 15 %
     * fewer documents per second), attempts per document (transient
     * failures such as a time-stamp outage back off from BULK_SIGN_RETRY_BASE_MS, doubling), and how
     * long a worker's claim on a job lasts: a worker killed mid-document is replaced after this.
     */
    BULK_SIGN_CONCURRENCY: positiveInt.max(64, { error: 'must be at most 64' }).default(64),
    /**
     * The PDFs a signing-worker process holds at once, in MiB: each document under way counts four
     * times its size (read, signed, stored) until its signed copy is committed; the next one waits
     * while the budget is spent, and one bigger than the whole budget is signed alone. With 50 MB
     * uploads, 64 documents under way would otherwise need about 13 GB.
     */
    BULK_SIGN_MEMORY_MB: positiveInt
      .min(16, { error: 'must be at least 16' })
      .max(1_048_576, { error: 'must be at most 1048576 (1 TiB)' })
      .default(512),
    BULK_SIGN_ATTEMPTS: positiveInt.max(20, { error: 'must be at most 20' }).default(5),
    BULK_SIGN_RETRY_BASE_MS: positiveInt.max(600_000, { error: 'must be at most 600000 (ten minutes)' }).default(2_000),
    BULK_SIGN_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
    /** How often a signing service looks for accepted bulk-sign documents whose job Redis lost, and queues them again. */
    BULK_SIGN_SWEEP_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
    /**
     * 長期保管延長 (the LONG_TERM_EXTENSION option): how often contract-workflow's renewal scan runs (a BullMQ job
     * scheduler: one run per period, whatever the number of processes).
     */
    LONG_TERM_RENEWAL_EVERY_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(7 * 86_400_000)
      .default(3_600_000),
    /**
     * 長期保管延長: a document queued for renewal whose job is not done after this (Redis lost it, or a worker died
     * with it) is queued again by the next scan — at least one LONG_TERM_RENEWAL_EVERY_MS.
     */
    LONG_TERM_RENEWAL_REQUEUE_AFTER_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
    /** 長期保管延長: documents whose proof ends within this many days are renewed. */
    LONG_TERM_RENEWAL_WINDOW_DAYS: positiveInt.max(3_650, { error: 'must be at most 3650 (ten years)' }).default(180),
    /** 長期保管延長: documents a renewal scan reads and hands to the signing workers per page. */
    LONG_TERM_RENEWAL_BATCH: positiveInt.max(10_000, { error: 'must be at most 10000' }).default(2_000),
    /** 長期保管延長: renewals each signing-worker process has under way at once. */
    LONG_TERM_RENEWAL_CONCURRENCY: positiveInt.max(64, { error: 'must be at most 64' }).default(8),
    /** 長期保管延長: attempts of one renewal job; a transient failure backs off from LONG_TERM_RENEWAL_RETRY_BASE_MS, doubling. */
    LONG_TERM_RENEWAL_ATTEMPTS: positiveInt.max(20, { error: 'must be at most 20' }).default(3),
    /** 長期保管延長: the first backoff between a renewal job's attempts. */
    LONG_TERM_RENEWAL_RETRY_BASE_MS: positiveInt.max(600_000, { error: 'must be at most 600000 (ten minutes)' }).default(10_000),
    /**
     * 長期保管延長: a renewal that used all its attempts is listed as failed with its reason and tried again after this,
     * doubling with each failure (at most a week).
     */
    LONG_TERM_RENEWAL_RETRY_AFTER_MS: positiveInt.max(7 * 86_400_000, { error: 'must be at most 604800000 (a week)' }).default(3_600_000),
    /**
     * For documents that will not be renewed (neither party holds LONG_TERM_EXTENSION): months before the end
     * of their proof from which 長期保管文書 warns and the 管理用ID is mailed (once per document and end date).
     */
    LONG_TERM_WARNING_MONTHS: positiveInt.max(120, { error: 'must be at most 120' }).default(12),
    SIGNING_TSA_URL: url(['http:', 'https:']).optional(),
    /**
     * 長期署名: the last day (UTC, YYYY-MM-DD) the platform trusts its signing algorithms (RSA-2048 / ECDSA P-256
     * with SHA-256) to prove a document. A document's 原本性保証期限 is this day's end or its latest archive
     * timestamp's TSA certificate end, whichever comes first.
     */
    LONG_TERM_ALGORITHM_HORIZON: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' })
      .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), { error: 'must be a real date' })
      .default('2040-12-31'),
    /**
     * Key rollover: the TSA key signs for SIGNING_TSA_KEY_USE_PERIOD_DAYS while its certificate stays valid for
     * SIGNING_TSA_CERT_VALIDITY_DAYS, so its tokens verify for years after it stopped signing; the same for the
     * issuing CA (SIGNING_CA_*). A new key and certificate are issued SIGNING_ROLLOVER_LEAD_DAYS before a use period
     * ends; every signing process checks at start and every SIGNING_ROLLOVER_CHECK_MINUTES (one of them issues it).
     */
    SIGNING_TSA_KEY_USE_PERIOD_DAYS: positiveInt.max(3650, { error: 'must be at most 3650 (ten years)' }).default(365),
    SIGNING_TSA_CERT_VALIDITY_DAYS: positiveInt.max(7300, { error: 'must be at most 7300 (twenty years)' }).default(4018),
    SIGNING_CA_KEY_USE_PERIOD_DAYS: positiveInt.max(3650, { error: 'must be at most 3650 (ten years)' }).default(1461),
    SIGNING_CA_CERT_VALIDITY_DAYS: positiveInt.max(7300, { error: 'must be at most 7300 (twenty years)' }).default(5479),
    SIGNING_ROLLOVER_LEAD_DAYS: positiveInt.max(365, { error: 'must be at most 365' }).default(30),
    SIGNING_ROLLOVER_CHECK_MINUTES: positiveInt.max(1440, { error: 'must be at most 1440 (a day)' }).default(60),
    /**
     * "true": certificates issued from now on carry Authority Information Access (the OCSP responder and the CA
     * certificate under PUBLIC_BASE_URL), which validators such as pdfsig and Acrobat use to check revocation online.
     * Default: true, except with NODE_ENV=test, where PUBLIC_BASE_URL is rarely the gateway under test.
     */
    SIGNING_CERT_AIA: z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).optional(),
    /** An existing CA to use instead of creating one at first start: the root and issuing certificates (PEM) and the issuing key (PKCS#8 PEM). */
    SIGNING_CA_ROOT_CERT_FILE: z.string().min(1).optional(),
    SIGNING_CA_ISSUING_CERT_FILE: z.string().min(1).optional(),
    SIGNING_CA_ISSUING_KEY_FILE: z.string().min(1).optional(),

    /**
     * Webhooks: subscribers' signing secrets are stored encrypted (AES-256-GCM) under this key.
     * A delivery that does not get a 2xx is retried after WEBHOOK_RETRY_BASE_MS, doubling each time,
     * and marked failed after WEBHOOK_MAX_ATTEMPTS attempts.
     */
    WEBHOOK_SECRET_KEY: aes256Key.default(DEVELOPMENT_WEBHOOK_SECRET_KEY),
    WEBHOOK_MAX_ATTEMPTS: positiveInt.max(20, { error: 'must be at most 20' }).default(8),
    WEBHOOK_RETRY_BASE_MS: positiveInt.max(3_600_000, { error: 'must be at most 3600000 (one hour)' }).default(30_000),
    WEBHOOK_POLL_MS: positiveInt.max(60_000, { error: 'must be at most 60000 (one minute)' }).default(1_000),
    WEBHOOK_TIMEOUT_MS: positiveInt.max(60_000, { error: 'must be at most 60000 (one minute)' }).default(10_000),
    /**
     * "true" admits loopback webhook targets (127.0.0.0/8, ::1) for development and tests; every other
     * special-purpose range stays refused. Refused in production.
     */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z
      .enum(['true', 'false'], { error: 'must be "true" or "false"' })
      .default('false')
      .transform((value) => value === 'true'),
  })
  .superRefine((config, context) => {
    const caFiles = ['SIGNING_CA_ROOT_CERT_FILE', 'SIGNING_CA_ISSUING_CERT_FILE', 'SIGNING_CA_ISSUING_KEY_FILE'] as const;
    const given = caFiles.filter((name) => config[name] !== undefined);
    if (given.length > 0 && given.length < caFiles.length) {
      for (const name of caFiles.filter((file) => config[file] === undefined)) {
        context.addIssue({ code: 'custom', path: [name], message: `must be set together with ${given.join(', ')}` });
      }
    }
    for (const [use, validity] of [
      ['SIGNING_TSA_KEY_USE_PERIOD_DAYS', 'SIGNING_TSA_CERT_VALIDITY_DAYS'],
      ['SIGNING_CA_KEY_USE_PERIOD_DAYS', 'SIGNING_CA_CERT_VALIDITY_DAYS'],
    ] as const) {
      if (config[use] >= config[validity]) {
        context.addIssue({ code: 'custom', path: [use], message: `must be shorter than ${validity}` });
      }
      if (config.SIGNING_ROLLOVER_LEAD_DAYS >= config[use]) {
        context.addIssue({ code: 'custom', path: ['SIGNING_ROLLOVER_LEAD_DAYS'], message: `must be shorter than ${use}` });
      }
    }
    if (config.NODE_ENV !== 'production') {
      return;
    }
    if (config.WEBHOOK_ALLOW_PRIVATE_TARGETS) {
      context.addIssue({
        code: 'custom',
        path: ['WEBHOOK_ALLOW_PRIVATE_TARGETS'],
        message: 'must not be "true" in production (webhooks could reach the platform\'s own network)',
      });
    }
    // The keys' production rules depend on the process: process-keys.ts.
  });

export type AppConfig = z.infer<typeof configSchema>;
