import { randomUUID } from 'node:crypto';
import { INestMicroservice } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ActorContext, AppError, RpcPattern, RpcPayload, RpcReply, Services } from '@app/contracts';
import { DatabaseHandle, inTransaction, Transaction } from '@app/db';
import { DATABASE, ServiceClient, topologyOf } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, LogCapture, testConfig } from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';
import { AuditAppend, AuditTrail } from '@apps/contract-workflow/src/audit/audit-trail';
import { BillingLedger } from '@apps/contract-workflow/src/billing/billing-ledger';
import { Webhooks } from '@apps/contract-workflow/src/webhooks/webhooks';

/**
 * The real contract-workflow service on the real PostgreSQL and RabbitMQ.
 * The ledger classes are taken from the running app, the way the workflow
 * uses them; reads go through RPC with an actor, as the gateway sends them.
 */
export class LedgerHarness {
  private constructor(
    readonly config: AppConfig,
    readonly logs: LogCapture,
    readonly app: INestMicroservice,
    readonly client: ServiceClient,
  ) {}

  static async start(overrides: Record<string, string> = {}): Promise<LedgerHarness> {
    const config = testConfig(overrides);
    await createTestDatabase(config);
    const logs = new LogCapture();
    const app = await startServiceInProcess(Services.contractWorkflow, config, logs);
    const client = new ServiceClient({ url: config.AMQP_URL, timeoutMs: 10_000, reconnectSeconds: 0.5, ...topologyOf(config) });
    return new LedgerHarness(config, logs, app, client);
  }

  get database(): DatabaseHandle {
    return this.app.get<DatabaseHandle>(DATABASE);
  }
  get audit(): AuditTrail {
    return this.app.get(AuditTrail);
  }
  get billing(): BillingLedger {
    return this.app.get(BillingLedger);
  }
  get webhooks(): Webhooks {
    return this.app.get(Webhooks);
  }

  inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return inTransaction(this.database.db, work);
  }

  /** An RPC as the gateway sends it; an error reply resolves to its code. */
  async send<P extends RpcPattern>(pattern: P, payload: RpcPayload<P>, actor: ActorContext): Promise<RpcReply<P> | { error: string }> {
    try {
      return await this.client.send(pattern, payload, { actor });
    } catch (error) {
      if (error instanceof AppError) {
        return { error: error.reply.code };
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.app.close();
    await deleteTopology(this.config);
    await dropTestDatabase(this.config);
  }
}

export const actors = {
  administrator: (companyId: string, userId = 'U000101'): ActorContext => ({
    kind: 'user',
    userId,
    companyId,
    roles: ['administrator'],
    requestId: randomUUID(),
  }),
  user: (companyId: string, userId = 'U000102'): ActorContext => ({
    kind: 'user',
    userId,
    companyId,
    roles: ['signer'],
    requestId: randomUUID(),
  }),
  operator: (): ActorContext => ({ kind: 'operator', userId: 'P000001', roles: ['operator'], requestId: randomUUID() }),
  apiToken: (companyId: string): ActorContext => ({
    kind: 'api-token',
    companyId,
    roles: [],
    scopes: ['users:read'],
    tokenId: randomUUID(),
    requestId: randomUUID(),
  }),
  anonymous: (): ActorContext => ({ kind: 'anonymous', roles: [], requestId: randomUUID() }),
};

/** An audit entry for a contract between C000001 (sender) and C000002 (receiver). */
export function auditAppend(contractId: string, overrides: Partial<AuditAppend> = {}): AuditAppend {
  return {
    contractId,
    documentNumber: '0000000283',
    action: 'REGISTERED',
    actor: { kind: 'user', userId: 'U000002', companyId: 'C000001' },
    senderCompanyId: 'C000001',
    receiverCompanyId: 'C000002',
    clientIp: '192.0.2.10',
    documentSha256: 'a'.repeat(64),
    ...overrides,
  };
}
