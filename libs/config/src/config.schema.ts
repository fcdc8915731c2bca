import { z } from 'zod';

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

/** Optional per-service override that falls back to DATABASE_URL. */
const optionalDatabaseUrl = url(['postgres:', 'postgresql:']).optional();

/**
 * Every environment variable inkan reads. Defaults work against the local
 * PostgreSQL, RabbitMQ and Redis of a developer machine.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),

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
  AMQP_DELIVERY_LIMIT: positiveInt.max(100).default(5),
  AMQP_RECONNECT_SECONDS: z.coerce.number().positive().max(60).default(1),
  RPC_TIMEOUT_MS: positiveInt.default(10_000),
  OUTBOX_POLL_MS: positiveInt.default(500),

  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).default('inkan'),

  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: port.default(3000),
  HEALTH_TIMEOUT_MS: positiveInt.default(2_000),

  BLOB_MAX_BYTES: positiveInt.default(50 * 1024 * 1024),
});

export type AppConfig = z.infer<typeof configSchema>;
