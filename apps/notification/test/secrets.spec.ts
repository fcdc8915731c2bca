import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { NotificationRequestInput } from '@app/contracts';
import { deliveries } from '@apps/notification/src/database/notification.schema';
import { NotificationHarness } from './notification-harness';

type SecretTemplate = 'initial-password' | 'certificate-pin' | 'signing-password' | 'partner-invitation' | 'password-reset';

/**
 * Real: the notification service (logging at trace level), PostgreSQL,
 * RabbitMQ and an SMTP server. Known secrets are sealed as a producer seals
 * them, mailed (or refused, or retried until dead-lettered), and then looked
 * for everywhere this service writes: its log output and every text column of
 * every table in the test database.
 */
describe('secrets in mails', () => {
  let harness: NotificationHarness;
  const secrets: string[] = [];

  const secretRequest = (template: SecretTemplate, email: string, secret: string): NotificationRequestInput => {
    secrets.push(secret);
    const sealed = harness.seal(template, email, secret);
    const to = { email, name: 'Secret Keeper', language: 'ja' as const, companyId: 'C000001' };
    switch (template) {
      case 'initial-password':
        return { template, to, params: { userId: 'U000001', reason: 'registered' }, secret: sealed };
      case 'certificate-pin':
        return { template, to, params: { certificateSerial: 'ABCDEF', certificateSubject: 'CN=Secret Keeper' }, secret: sealed };
      case 'signing-password':
        return { template, to, params: { expiresAt: '2026-12-01T00:00:00Z', documentNumbers: ['0000000001'] }, secret: sealed };
      case 'partner-invitation':
        return { template, to, params: { invitingCompanyName: 'Inviter Co.', expiresAt: '2026-12-01T00:00:00Z' }, secret: sealed };
      case 'password-reset':
        return { template, to, params: { userId: 'U000001', expiresAt: '2026-12-01T00:00:00Z' }, secret: sealed };
    }
  };
  const unique = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    harness = await NotificationHarness.start({ logLevel: 'trace', overrides: { MAIL_RETRY_ATTEMPTS: '2' } });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('mails each secret, and afterwards no log line and no table holds it in clear, nor keeps it sealed', async () => {
    const smtp = harness.smtp!;
    const sent = [
      await harness.request(secretRequest('initial-password', 'password@example.com', unique('Pw!1'))),
      await harness.request(secretRequest('certificate-pin', 'pin@example.com', unique('pin'))),
      await harness.request(secretRequest('signing-password', 'signing@example.com', unique('Sign#'))),
      await harness.request(
        secretRequest('partner-invitation', 'invite@example.com', `https://inkan.example/apply?token=${unique('tok')}`),
      ),
      await harness.request(secretRequest('password-reset', 'reset@example.com', `https://inkan.example/password-reset/${unique('rst')}`)),
    ];
    for (const id of sent) {
      expect(await harness.finished(id)).toMatchObject({ status: 'sent' });
    }
    for (const secret of secrets) {
      expect(smtp.messages.filter((mail) => mail.text.includes(secret))).toHaveLength(1);
    }

    smtp.failNext(1, 554, 'Transaction failed');
    const refused = await harness.request(secretRequest('signing-password', 'refused@example.com', unique('refused')));
    expect(await harness.finished(refused)).toMatchObject({ status: 'failed', sealedSecret: null });

    smtp.failNext(2, 452, 'Insufficient system storage');
    const exhausted = await harness.request(secretRequest('certificate-pin', 'exhausted@example.com', unique('exhausted')));
    await harness.deadLettered(exhausted);
    expect(await harness.delivery(exhausted)).toMatchObject({ status: 'failed', attempts: 2, sealedSecret: null });

    // Sealed for another address: it cannot be opened here, so it is never mailed to this one.
    const misdirected = secretRequest('initial-password', 'victim@example.com', unique('misdirected'));
    const stolen = await harness.request({ ...misdirected, to: { ...misdirected.to, email: 'attacker@example.com' } });
    await harness.deadLettered(stolen);
    expect(await harness.delivery(stolen)).toMatchObject({ status: 'failed', attempts: 0, sealedSecret: null });
    expect(smtp.to('attacker@example.com')).toHaveLength(0);

    const logText = harness.logs.text();
    expect(harness.logs.lines.length).toBeGreaterThan(10);
    for (const secret of secrets) {
      expect({ secret, inLogs: logText.includes(secret) }).toEqual({ secret, inLogs: false });
      expect({ secret, inTables: await tablesHolding(secret) }).toEqual({ secret, inTables: [] });
    }
    const stillSealed = await harness.db.db
      .select()
      .from(deliveries)
      .where(sql`${deliveries.sealedSecret} IS NOT NULL`);
    expect(stillSealed).toHaveLength(0);
  });

  it('refuses, in the database itself, a finished delivery that still holds its sealed secret', async () => {
    const id = await harness.request(secretRequest('certificate-pin', 'constraint@example.com', unique('constraint')));
    await harness.finished(id);
    await expect(
      harness.db.pool.query(`UPDATE notification.deliveries SET sealed_secret = 'v1.x' WHERE message_id = $1`, [id]),
    ).rejects.toThrow(/deliveries_secret_erased_when_finished/);
  });

  /** `schema.table.column` of every text-like column, in every schema of the test database, whose value contains `needle`. */
  async function tablesHolding(needle: string): Promise<string[]> {
    const columns = await harness.db.pool.query<{ table_schema: string; table_name: string; column_name: string }>(
      `SELECT c.table_schema, c.table_name, c.column_name
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE t.table_type = 'BASE TABLE'
          AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`,
    );
    expect(columns.rows.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const { table_schema: schema, table_name: table, column_name: column } of columns.rows) {
      const result = await harness.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}"."${table}" WHERE strpos("${column}"::text, $1) > 0`,
        [needle],
      );
      if ((result.rows[0]?.n ?? 0) > 0) {
        found.push(`${schema}.${table}.${column}`);
      }
    }
    return found;
  }
});
