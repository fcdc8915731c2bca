import { INestMicroservice } from '@nestjs/common';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { LONG_TERM_RENEWAL_QUEUE, Services } from '@app/contracts';
import { eventually } from '@app/testing';
import { RenewalClock } from '@apps/contract-workflow/src/long-term/renewal-clock';
import { RenewalScan } from '@apps/contract-workflow/src/long-term/renewal-scan';
import { bullPrefix } from '@apps/signing/src/bulk-sign/bulk-sign.queues';
import { BULK_TEST_SETTINGS, WorkerProcess } from '../bulk-sign/bulk-fixture';
import { PrivateRedis } from '../bulk-sign/crash-scenario';
import { concludeContract } from '../contract-workflow/contract-steps';
import { person } from '../contract-workflow/workflow-fixture';
import { IdentityPlatform } from '../identity/identity-platform';

/** Documents of the company holding 長期保管延長, all due at once. */
const DUE = 200;
/** Their proof ends here; the test's clock travels to 30 days before. */
const PROOF_UNTIL = new Date('2036-06-30T00:00:00.000Z');

/**
 * 長期保管延長's renewal job against a Redis restart: the platform and the
 * signing worker use a private redis-server without persistence, restarted
 * (every queued and active job lost) while 200 due documents are renewed. The
 * scheduled scan requeues what PostgreSQL still marks as due, and each
 * document ends with one renewal and one charge.
 */
describe('長期保管延長: the renewal job survives a Redis restart (data lost)', () => {
  let env: IdentityPlatform | undefined;
  let redis: PrivateRedis | undefined;
  const workers: WorkerProcess[] = [];

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await env?.close();
    await redis?.stop();
  });

  it('renews each due document exactly once, none lost, a second scan renews none', async () => {
    redis = await PrivateRedis.start();
    const platform = await IdentityPlatform.start({
      ...BULK_TEST_SETTINGS,
      REDIS_URL: redis.url,
      LONG_TERM_RENEWAL_EVERY_MS: '1000',
      LONG_TERM_RENEWAL_RETRY_BASE_MS: '200',
      LONG_TERM_RENEWAL_ATTEMPTS: '5',
      LONG_TERM_RENEWAL_RETRY_AFTER_MS: '1000',
      // Jobs the restart lost come back through the scan's requeue of stale QUEUED documents: soon, here.
      LONG_TERM_RENEWAL_REQUEUE_AFTER_MS: '5000',
      LONG_TERM_RENEWAL_CONCURRENCY: '4',
      LONG_TERM_RENEWAL_WINDOW_DAYS: '180',
      LONG_TERM_WARNING_MONTHS: '12',
      DATABASE_POOL_SIZE: '4',
    });
    env = platform;
    const count = async (query: ReturnType<typeof sql>): Promise<number> =>
      Number(((await platform.database.db.execute(query)).rows[0] as { n: string }).n);

    const holder = await platform.company('長期延長建設株式会社', { plan: 'ONE_SIDE', options: ['LONG_TERM_EXTENSION'] });
    const partner = await platform.company('受注工務店株式会社', { plan: 'ONE_SIDE', options: [] });
    const registrant = await person(platform, holder.admin, '山田 太郎', ['registrant']);
    const signer = await person(platform, holder.admin, '田中 社長', ['signer']);
    const recipient = await person(platform, partner.admin, '佐藤 二郎', ['recipient']);
    const concluded = await concludeContract(
      platform,
      { registrant, senderSigner: signer },
      {
        name: '外壁改修工事 請負契約書',
        counterpartyCompanyId: partner.companyId,
        recipient,
        signatureMode: 'SENDER_ONLY',
        transactionDate: '2026-04-01',
        amount: 1_000_000,
      },
    );

    // DUE - 1 copies of the concluded contract, each with an archive record due in 2036.
    const columns = (
      await platform.database.db.execute(sql`SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS list
        FROM information_schema.columns WHERE table_schema = 'contract_workflow' AND table_name = 'contracts'
          AND column_name NOT IN ('id', 'document_number')`)
    ).rows[0] as { list: string };
    const list = sql.raw(columns.list);
    await platform.database.db.execute(sql`INSERT INTO contract_workflow.contracts (${list})
      SELECT ${list} FROM contract_workflow.contracts, generate_series(1, ${DUE - 1}::int) WHERE id = ${concluded.contractId}::uuid`);
    await platform.database.db
      .execute(sql`INSERT INTO contract_workflow.archive_records (contract_id, pdf_sha256, level, archive_timestamp_at, proof_until)
      SELECT id, current_sha256, 'B-T', now(), ${PROOF_UNTIL.toISOString()}::timestamptz FROM contract_workflow.contracts WHERE status = 'CONCLUDED'
      ON CONFLICT (contract_id) DO UPDATE SET proof_until = excluded.proof_until, generation = 0`);
    const holderIds = sql`SELECT id FROM contract_workflow.contracts WHERE status = 'CONCLUDED'`;
    expect(await count(sql`SELECT count(*) AS n FROM (${holderIds}) h`)).toBe(DUE);

    const contractWorkflow = platform.platform.services.get(Services.contractWorkflow) as INestMicroservice;
    const scans = contractWorkflow.get(RenewalScan);
    const worker = await WorkerProcess.start(platform.config, { LONG_TERM_RENEWAL_CONCURRENCY: '4', DATABASE_POOL_SIZE: '3' });
    workers.push(worker);
    const diagnosis = () => {
      const lines = [platform.platform.logs.text(), worker.logs].join('\n').split('\n');
      const scansSaid = lines.filter((line) => line.includes('long-term renewal scan')).slice(-2);
      const failures = lines.filter((line) => /renewal.*(failed|error)/i.test(line)).slice(-5);
      return [...scansSaid, ...failures].map((line) => line.slice(0, 600)).join('\n');
    };

    const started = Date.now();
    contractWorkflow.get(RenewalClock).travelTo(new Date(PROOF_UNTIL.getTime() - 30 * 86_400_000));
    const signingRenewals = sql`SELECT count(*) AS n FROM signing_long_term.renewals`;
    const recorded = sql`SELECT count(*) AS n FROM contract_long_term.renewals`;
    // Restarted while it renews: some documents done, many still queued in Redis.
    await eventually(async () => (await count(signingRenewals)) >= 20, 180_000, 5).catch((error: Error) => {
      throw new Error(`${error.message}\n${diagnosis()}`);
    });
    await redis.restart(); // no persistence: every renewal job and the job scheduler are gone
    const atRestart = await count(signingRenewals);
    expect(atRestart).toBeLessThan(DUE);

    await eventually(async () => (await count(recorded)) === DUE, 420_000, 250).catch((error: Error) => {
      throw new Error(`${error.message}\n${diagnosis()}`);
    });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `long-term renewal, Redis restarted: ${DUE} documents in ${seconds.toFixed(1)} s, ${atRestart} before the restart\n`,
    );

    // Exactly once per document: one signing record, one workflow record, one charge, generation 1.
    const perDocument = async (query: ReturnType<typeof sql>) =>
      (await platform.database.db.execute(query)).rows.map((row) => Number((row as { n: string }).n));
    expect(
      await perDocument(sql`SELECT count(r.contract_id) AS n FROM (${holderIds}) h
        LEFT JOIN signing_long_term.renewals r ON r.contract_id = h.id GROUP BY h.id`),
    ).toEqual(Array(DUE).fill(1));
    expect(
      await perDocument(sql`SELECT count(r.contract_id) AS n FROM (${holderIds}) h
        LEFT JOIN contract_long_term.renewals r ON r.contract_id = h.id GROUP BY h.id`),
    ).toEqual(Array(DUE).fill(1));
    expect(
      await perDocument(sql`SELECT count(c.contract_id) AS n FROM (${holderIds}) h
        LEFT JOIN contract_long_term.renewal_charges c ON c.contract_id = h.id AND c.company_id = ${holder.companyId} GROUP BY h.id`),
    ).toEqual(Array(DUE).fill(1));
    expect(await count(sql`SELECT count(*) AS n FROM contract_long_term.renewal_charges`)).toBe(DUE);
    expect(
      await count(sql`SELECT count(*) AS n FROM contract_workflow.archive_records r JOIN contract_workflow.contracts c ON c.id = r.contract_id
        WHERE r.generation = 1 AND r.pdf_sha256 = c.current_sha256 AND r.level = 'B-LTA'`),
    ).toBe(DUE);

    // A second scan renews none: nothing queued, and the scheduled runs that follow change nothing.
    const again = await scans.scan();
    expect(again).toMatchObject({ queued: 0, requeued: 0, retried: 0, notRenewed: [] });
    const logs = () => platform.platform.logs.text().split('long-term renewal scan').length;
    const seen = logs();
    await eventually(async () => logs() >= seen + 2, 30_000);
    expect(await count(recorded)).toBe(DUE);
    expect(await count(signingRenewals)).toBe(DUE);
    expect(await count(sql`SELECT count(*) AS n FROM contract_long_term.renewal_states`)).toBe(0);
    const queue = new Queue(LONG_TERM_RENEWAL_QUEUE, {
      connection: { url: platform.config.REDIS_URL },
      prefix: bullPrefix(platform.config),
    });
    try {
      expect(await queue.getWaitingCount()).toBe(0);
      expect(await queue.getActiveCount()).toBe(0);
    } finally {
      await queue.close();
    }
  }, 720_000);
});
