import { AddressInfo } from 'node:net';
import { AppConfig } from '@app/config';
import { ServiceName } from '@app/contracts';
import { DatabaseHandle, openDatabase } from '@app/db';
import { createTestDatabase, deleteTopology, dropTestDatabase, HttpClient, SmtpCapture, testConfig } from '@app/testing';
import { RunningPlatform, startPlatform } from '@test/support/platform';
import { ensureOperator } from '@apps/identity/src/operators/operator-bootstrap';

export const OPERATOR_PASSWORD = 'Operator-2026#';

/**
 * The whole platform in-process against the real PostgreSQL, RabbitMQ and
 * Redis, mail going to an SMTP server this test started, and one operator.
 */
export class IdentityPlatform {
  private constructor(
    readonly config: AppConfig,
    readonly smtp: SmtpCapture,
    readonly platform: RunningPlatform,
    readonly database: DatabaseHandle,
    readonly baseUrl: string,
    readonly operatorId: string,
  ) {}

  /** `configFor` lets a test point apps at a proxy (the config given is the shared one). */
  static async start(
    overrides: Record<string, string> = {},
    configFor: (app: ServiceName | 'gateway', config: AppConfig) => AppConfig = (_app, config) => config,
  ): Promise<IdentityPlatform> {
    const smtp = await SmtpCapture.start();
    const config = testConfig({ SMTP_URL: smtp.url, MAIL_RETRY_BASE_MS: '50', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...overrides });
    await createTestDatabase(config);
    const platform = await startPlatform((app) => configFor(app, config), { webRoot: '/nonexistent' });
    const { port } = platform.gateway.getHttpServer().address() as AddressInfo;
    const database = openDatabase(config.DATABASE_URL, { poolSize: 2 });
    const operatorId = await ensureOperator(database.db, {
      name: '運営 花子',
      email: 'operator@inkan.test',
      password: OPERATOR_PASSWORD,
      mustChangePassword: false,
    });
    return new IdentityPlatform(config, smtp, platform, database, `http://127.0.0.1:${port}`, operatorId);
  }

  client(): HttpClient {
    return new HttpClient(this.baseUrl);
  }

  async operator(): Promise<HttpClient> {
    const client = this.client();
    expect((await client.login(this.operatorId, OPERATOR_PASSWORD)).status).toBe(200);
    return client;
  }

  /** The password from the first password mail to `email` received after the first `after` mails (waits for it). */
  async initialPassword(email: string, after = 0): Promise<string> {
    const mail = await this.smtp.waitFor(
      (m) => m.envelope.to.includes(email) && /パスワード|password/i.test(m.subject) && this.smtp.messages.indexOf(m) >= after,
    );
    const match = /(?:ログインパスワード|Login password): (\S+)/.exec(mail.text);
    if (!match?.[1]) {
      throw new Error(`no password in the mail "${mail.subject}"`);
    }
    return match[1];
  }

  /** Creates a company through the operator, logs its administrator in and sets its own password. */
  async company(
    name: string,
    options: { plan?: 'ONE_SIDE' | 'PARTNER_ONLY' | 'BOTH'; options?: string[]; email?: string } = {},
  ): Promise<{ companyId: string; administratorId: string; admin: HttpClient; password: string }> {
    const operator = await this.operator();
    const email = options.email ?? `admin-${name.replace(/\W/g, '').toLowerCase() || 'x'}-${Date.now()}@example.jp`;
    const created = await operator.post('/api/companies', {
      name,
      plan: options.plan ?? 'ONE_SIDE',
      options: options.options ?? ['BULK_SIGN'],
      administrator: { name: `${name} 管理者`, email },
    });
    expect(created.status).toBe(201);
    const administratorId: string = created.body.administrator.userId;
    const { admin, password } = await this.firstLogin(administratorId, email);
    return { companyId: created.body.company.companyId, administratorId, admin, password };
  }

  /** First login with the mailed password, the forced change, and a login with the new one. */
  async firstLogin(userId: string, email: string, mailsBefore = 0): Promise<{ admin: HttpClient; password: string }> {
    const initial = await this.initialPassword(email, mailsBefore);
    const client = this.client();
    expect((await client.login(userId, initial)).status).toBe(200);
    const password = `New-${userId}-pass1`;
    const changed = await client.post('/api/auth/password', {
      currentPassword: initial,
      newPassword: password,
      newPasswordConfirmation: password,
    });
    expect(changed.status).toBe(200);
    expect((await client.login(userId, password)).status).toBe(200);
    return { admin: client, password };
  }

  async close(): Promise<void> {
    await this.platform.close();
    await this.database.close();
    await this.smtp.close();
    await deleteTopology(this.config);
    await dropTestDatabase(this.config);
  }
}
