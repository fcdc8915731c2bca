import { ConfigError, databaseUrlFor, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('works with an empty environment, with defaults for the local services', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/inkan');
    expect(config.AMQP_URL).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.GATEWAY_PORT).toBe(3000);
    // Two cohorts of documents per worker: one is signed while the other's records commit.
    expect(config.BULK_SIGN_CONCURRENCY).toBe(64);
    expect(config.BULK_SIGN_MEMORY_MB).toBe(512);
  });

  it('bounds the bulk-sign memory budget, saying what is expected', () => {
    expect(loadConfig({ BULK_SIGN_MEMORY_MB: '64' }).BULK_SIGN_MEMORY_MB).toBe(64);
    expect(() => loadConfig({ BULK_SIGN_MEMORY_MB: '8' })).toThrow('BULK_SIGN_MEMORY_MB: must be at least 16');
    expect(() => loadConfig({ BULK_SIGN_MEMORY_MB: '2000000' })).toThrow('BULK_SIGN_MEMORY_MB: must be at most 1048576 (1 TiB)');
    expect(() => loadConfig({ BULK_SIGN_MEMORY_MB: '1.5' })).toThrow('BULK_SIGN_MEMORY_MB: must be a whole number');
  });

  it('keeps sent events a week and handled message IDs a month by default, pruned hourly, within bounds', () => {
    const config = loadConfig({});
    expect([config.OUTBOX_RETENTION_DAYS, config.INBOX_RETENTION_DAYS, config.MESSAGE_RETENTION_INTERVAL_MINUTES]).toEqual([7, 30, 60]);
    expect(loadConfig({ OUTBOX_RETENTION_DAYS: '1', INBOX_RETENTION_DAYS: '365' }).INBOX_RETENTION_DAYS).toBe(365);
    expect(() => loadConfig({ OUTBOX_RETENTION_DAYS: '0' })).toThrow('OUTBOX_RETENTION_DAYS: must be greater than 0');
    expect(() => loadConfig({ INBOX_RETENTION_DAYS: '4000' })).toThrow('INBOX_RETENTION_DAYS: must be at most 3650 (ten years)');
    expect(() => loadConfig({ MESSAGE_RETENTION_INTERVAL_MINUTES: '2000' })).toThrow(
      'MESSAGE_RETENTION_INTERVAL_MINUTES: must be at most 1440 (one day)',
    );
  });

  it('coerces numbers and treats empty strings as unset', () => {
    const config = loadConfig({ GATEWAY_PORT: '8080', AMQP_PREFETCH: '', BLOB_MAX_BYTES: '1024' });
    expect(config.GATEWAY_PORT).toBe(8080);
    expect(config.AMQP_PREFETCH).toBe(16);
    expect(config.AMQP_EVENT_PREFETCH).toBe(64);
    expect(config.BLOB_MAX_BYTES).toBe(1024);
  });

  it('names every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ GATEWAY_PORT: 'abc', AMQP_URL: 'http://example', DATABASE_URL: 'nope', LOG_LEVEL: 'loud', AMQP_PREFIX: 'Bad Prefix' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(
      ['AMQP_PREFIX', 'AMQP_URL', 'DATABASE_URL', 'GATEWAY_PORT', 'LOG_LEVEL'].sort(),
    );
    expect((error as ConfigError).message).toContain('AMQP_URL: must be a URL starting with amqp:// or amqps://');
    expect((error as ConfigError).message).toContain('設定が正しくありません');
  });

  it('rejects a port out of range or not a number, saying what is expected', () => {
    expect(() => loadConfig({ GATEWAY_PORT: '70000' })).toThrow('GATEWAY_PORT: must be a port number (0 to 65535)');
    expect(() => loadConfig({ GATEWAY_PORT: 'abc' })).toThrow('GATEWAY_PORT: must be a port number (0 to 65535)');
    expect(() => loadConfig({ AMQP_PREFETCH: '0' })).toThrow('AMQP_PREFETCH: must be greater than 0');
    expect(() => loadConfig({ RPC_TIMEOUT_MS: '1.5' })).toThrow('RPC_TIMEOUT_MS: must be a whole number');
  });

  it('gives each service its own database URL, falling back to DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://db/shared', SIGNING_DATABASE_URL: 'postgresql://db/signing' });
    expect(databaseUrlFor(config, 'signing')).toBe('postgresql://db/signing');
    expect(databaseUrlFor(config, 'identity')).toBe('postgresql://db/shared');
    expect(databaseUrlFor(config, 'blob-store')).toBe('postgresql://db/shared');
  });

  it('refuses the public development seal keys in production, naming each variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'IDENTITY_SEAL_PRIVATE_KEY: must be set in production (the development key is public)',
    );
    expect(loadConfig({ NODE_ENV: 'development' }).IDENTITY_SEAL_PUBLIC_KEY).toMatch(/^MCow/);
    expect(() => loadConfig({ IDENTITY_SEAL_PUBLIC_KEY: 'not a key!' })).toThrow('IDENTITY_SEAL_PUBLIC_KEY: must be a base64 X25519 key');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'SIGNING_MASTER_KEY: must be set in production (the development key is public)',
    );
    expect(() => loadConfig({ SIGNING_MASTER_KEY: 'c2hvcnQ=' })).toThrow('SIGNING_MASTER_KEY: must be 32 bytes in base64 (44 characters)');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'WEBHOOK_SECRET_KEY: must be set in production (the development key is public)',
    );
    expect(() => loadConfig({ WEBHOOK_SECRET_KEY: 'c2hvcnQ=' })).toThrow('WEBHOOK_SECRET_KEY: must be 32 bytes in base64 (44 characters)');
    expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow('WEBHOOK_MAX_ATTEMPTS: must be greater than 0');
    expect(loadConfig({}).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow('WEBHOOK_ALLOW_PRIVATE_TARGETS: must be "true" or "false"');
    expect(() => loadConfig({ NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).toThrow(
      'WEBHOOK_ALLOW_PRIVATE_TARGETS: must not be "true" in production',
    );
    expect(() => loadConfig({ SIGNING_CA_ROOT_CERT_FILE: '/etc/inkan/root.pem' })).toThrow(
      'SIGNING_CA_ISSUING_KEY_FILE: must be set together with SIGNING_CA_ROOT_CERT_FILE',
    );
  });
  describe('mail settings', () => {
    it('writes .eml files by default (no SMTP_URL), from a no-reply address, with bounded retries', () => {
      const config = loadConfig({});
      expect(config.SMTP_URL).toBeUndefined();
      expect(config.MAIL_FROM).toBe('inkan <no-reply@inkan.localhost>');
      expect(config.MAIL_DROP_DIR).toBe('.inkan/mail');
      expect(config).toMatchObject({
        MAIL_SMTP_POOL_SIZE: 5,
        MAIL_RETRY_ATTEMPTS: 5,
        MAIL_RETRY_BASE_MS: 2_000,
        MAIL_RETRY_MAX_MS: 60_000,
      });
    });

    it('accepts smtp:// and smtps:// URLs, credentials included, and plain or named sender addresses', () => {
      expect(loadConfig({ SMTP_URL: 'smtp://mailpit:1025' }).SMTP_URL).toBe('smtp://mailpit:1025');
      expect(loadConfig({ SMTP_URL: 'smtps://user:pa%24s@smtp.example.com:465' }).SMTP_URL).toBe(
        'smtps://user:pa%24s@smtp.example.com:465',
      );
      expect(loadConfig({ MAIL_FROM: 'no-reply@example.jp' }).MAIL_FROM).toBe('no-reply@example.jp');
      expect(loadConfig({ MAIL_FROM: '"inkan サービス" <no-reply@example.jp>' }).MAIL_FROM).toBe('"inkan サービス" <no-reply@example.jp>');
    });

    it('names each invalid mail variable with what is expected', () => {
      expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(
        'SMTP_URL: must be a URL starting with smtp:// or smtps://',
      );
      expect(() => loadConfig({ MAIL_FROM: 'inkan' })).toThrow('MAIL_FROM: must be a mail address, e.g. "inkan <no-reply@example.com>"');
      expect(() => loadConfig({ MAIL_RETRY_ATTEMPTS: '0' })).toThrow('MAIL_RETRY_ATTEMPTS: must be greater than 0');
      expect(() => loadConfig({ MAIL_RETRY_ATTEMPTS: '11' })).toThrow('MAIL_RETRY_ATTEMPTS: must be at most 10');
      expect(() => loadConfig({ MAIL_RETRY_MAX_MS: '600000' })).toThrow('MAIL_RETRY_MAX_MS: must be at most 120000 (two minutes)');
      expect(() => loadConfig({ MAIL_SMTP_POOL_SIZE: 'many' })).toThrow('MAIL_SMTP_POOL_SIZE: must be a whole number');
    });
  });
});
