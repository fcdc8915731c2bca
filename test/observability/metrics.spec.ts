import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';
import { ALL_SERVICES } from '@app/contracts';
import { deleteRedisKeys, eventually } from '@app/testing';
import { DOCUMENTS_QUEUE, SESSIONS_QUEUE } from '@apps/signing/src/bulk-sign/bulk-sign.queues';
import { IdentityPlatform } from '../identity/identity-platform';
import {
  awaitingReceipt,
  BULK_TEST_SETTINGS,
  BulkParties,
  bulkParties,
  bulkSigningPassword,
  completed,
  copiesOf,
  WorkerProcess,
} from '../bulk-sign/bulk-fixture';
import { freePorts, matching, metricNamesIn, Scrape, scrape, valueOf } from './scrape';

const ROOT = path.resolve(__dirname, '../..');
const APPS = ['gateway', ...ALL_SERVICES, 'signing-worker'] as const;
type App = (typeof APPS)[number];

/** Documents in the bulk-sign session. */
const N = 8;
/** Distinct URLs thrown at the gateway; the series they may add is bounded far below it. */
const DISTINCT_URLS = 500;

/**
 * Prometheus metrics of the real platform (every service in-process, a real signing-worker
 * process), each served on its own HEALTH_PORT: a bulk sign of N documents shows in the
 * worker's, signing's, contract-workflow's and the gateway's metrics; hundreds of distinct URLs
 * add a bounded number of series; the dashboard and the alert rules use only metrics a scrape has.
 */
describe('metrics on each process’s health port', () => {
  let env: IdentityPlatform;
  let worker: WorkerProcess;
  let parties: BulkParties;
  let ports: Record<App, number>;
  let hooks: http.Server | undefined;
  const hooked: string[] = [];
  const metricsOf = (app: App) => scrape(ports[app]);

  beforeAll(async () => {
    ports = await freePorts(APPS);
    env = await IdentityPlatform.start(
      // Small pools: other test files share the machine's PostgreSQL and its connection limit.
      { ...BULK_TEST_SETTINGS, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_POLL_MS: '100', DATABASE_POOL_SIZE: '4' },
      (app, config) => ({ ...config, HEALTH_PORT: ports[app] }),
    );
    worker = await WorkerProcess.start(env.config, { HEALTH_PORT: String(ports['signing-worker']) });
    parties = await bulkParties(env);
    // A webhook receiver on loopback: the conclusions are delivered to it.
    hooks = await new Promise<http.Server>((resolve) => {
      const server = http.createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          hooked.push(body);
          response.writeHead(204).end();
        });
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
  }, 180_000);

  afterAll(async () => {
    hooks?.close();
    await worker?.kill();
    await env?.close();
    if (env) {
      await deleteRedisKeys(env.config);
    }
  });

  it('serves each app’s metrics, named inkan_ and labelled with the app, on the health port and never on the API port', async () => {
    for (const app of APPS) {
      const scraped = await metricsOf(app);
      expect({ app, status: scraped.status, type: scraped.contentType }).toEqual({
        app,
        status: 200,
        type: 'text/plain; version=0.0.4; charset=utf-8',
      });
      // Node's defaults, under the prefix, and the PostgreSQL pool.
      expect({ app, lag: valueOf(scraped, 'inkan_nodejs_eventloop_lag_seconds', { app }) }).toEqual({ app, lag: expect.any(Number) });
      expect({ app, heap: valueOf(scraped, 'inkan_nodejs_heap_size_used_bytes', { app }) }).toEqual({ app, heap: expect.any(Number) });
      expect({
        app,
        pool: matching(scraped, 'inkan_pg_pool_connections', { app })
          .map((sample) => sample.labels.state)
          .sort(),
      }).toEqual({
        app,
        pool: ['idle', 'total', 'waiting'],
      });
      expect({ app, foreign: scraped.samples.filter((sample) => !sample.name.startsWith('inkan_')).map((sample) => sample.name) }).toEqual({
        app,
        foreign: [],
      });
      expect({ app, unlabelled: scraped.samples.filter((sample) => sample.labels.app !== app).length }).toEqual({ app, unlabelled: 0 });
    }
    // The public API port has no /metrics: nothing about the platform's insides leaks there.
    const api = await env.client().get('/metrics');
    expect(api.status).toBe(404);
    expect(JSON.stringify(api.body)).not.toContain('inkan_');
    // The probes still answer beside it.
    expect((await fetch(`http://127.0.0.1:${ports.gateway}/livez`)).status).toBe(200);
  });

  it(`after a bulk sign of ${N} documents: ${N} signed in the worker, the queues back to 0, histograms and counters filled`, async () => {
    const { bulkUser } = parties;
    const subscribed = await parties.receiverAdmin.post('/api/webhooks', {
      url: `http://127.0.0.1:${(hooks!.address() as AddressInfo).port}/hooks`,
      eventTypes: ['contract.concluded'],
    });
    expect(subscribed.status).toBe(201);
    const [original] = await awaitingReceipt(env, parties, bulkUser, 1);
    const contractIds = [original.contractId, ...(await copiesOf(env, original.contractId, N - 1))];
    const before = await metricsOf('signing-worker');
    expect(valueOf(before, 'inkan_bulk_sign_documents_total', { outcome: 'signed' }) ?? 0).toBe(0);

    const mark = env.smtp.messages.length;
    const selected = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds });
    expect(selected.status).toBe(201);
    const sessionId: string = selected.body.sessionId;
    const password = await bulkSigningPassword(env, bulkUser, [], mark);
    const executed = await bulkUser.client.post(`/api/bulk-sign/sessions/${sessionId}/execute`, {
      serialNumber: bulkUser.serialNumber,
      signingPassword: password,
    });
    expect(executed.status).toBe(202);
    const session = await completed(bulkUser.client, sessionId);
    expect(session).toMatchObject({ total: N, done: N, failed: 0 });

    // The worker: N documents signed, each timed.
    const workerMetrics = await metricsOf('signing-worker');
    expect(valueOf(workerMetrics, 'inkan_bulk_sign_documents_total', { outcome: 'signed' })).toBe(N);
    expect(valueOf(workerMetrics, 'inkan_bulk_sign_documents_total', { outcome: 'failed' }) ?? 0).toBe(0);
    expect(valueOf(workerMetrics, 'inkan_bulk_sign_document_duration_seconds_count', { outcome: 'signed' })).toBe(N);
    expect(valueOf(workerMetrics, 'inkan_bulk_sign_document_duration_seconds_sum', { outcome: 'signed' })).toBeGreaterThan(0);
    expect(valueOf(workerMetrics, 'inkan_bulk_sign_document_duration_seconds_bucket', { outcome: 'signed', le: '+Inf' })).toBe(N);
    // The worker's events (documents-signed) went out through its outbox.
    expect(valueOf(workerMetrics, 'inkan_events_published_total')).toBeGreaterThan(0);

    // signing reports BullMQ's queues: nothing waiting, active or delayed any more, N documents completed.
    const queues = await eventually(async () => {
      const scraped = await metricsOf('signing');
      const open = ['waiting', 'active', 'delayed'].map((state) =>
        valueOf(scraped, 'inkan_bullmq_jobs', { queue: DOCUMENTS_QUEUE, state }),
      );
      // BullMQ moves a job to completed a moment after the worker reported it: wait for the counts to settle.
      const done = valueOf(scraped, 'inkan_bullmq_jobs', { queue: DOCUMENTS_QUEUE, state: 'completed' });
      return open.every((value) => value === 0) && done === N ? scraped : undefined;
    }, 30_000);
    expect(valueOf(queues, 'inkan_bullmq_jobs', { queue: DOCUMENTS_QUEUE, state: 'completed' })).toBe(N);
    expect(valueOf(queues, 'inkan_bullmq_jobs', { queue: DOCUMENTS_QUEUE, state: 'failed' })).toBe(0);
    expect(valueOf(queues, 'inkan_bullmq_jobs', { queue: SESSIONS_QUEUE, state: 'completed' })).toBe(1);
    expect(matching(queues, 'inkan_rpc_handled_total', { outcome: 'ok' }).length).toBeGreaterThan(0);

    // contract-workflow handled the conclusions' events and published its own; every outbox drained.
    const workflow = await metricsOf('contract-workflow');
    expect(valueOf(workflow, 'inkan_events_handled_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(valueOf(workflow, 'inkan_event_handle_duration_seconds_count')).toBeGreaterThan(0);
    expect(valueOf(workflow, 'inkan_events_published_total')).toBeGreaterThan(0);
    for (const app of ALL_SERVICES) {
      await eventually(async () => {
        const scraped = await metricsOf(app);
        return valueOf(scraped, 'inkan_outbox_unsent') === 0 && valueOf(scraped, 'inkan_outbox_oldest_unsent_seconds') === 0;
      }, 30_000);
    }

    // notification sent the mails (the password, the summary), none failed.
    const mail = await eventually(async () => {
      const scraped = await metricsOf('notification');
      return (valueOf(scraped, 'inkan_mails_total', { outcome: 'sent' }) ?? 0) >= 2 ? scraped : undefined;
    }, 30_000);
    expect(valueOf(mail, 'inkan_mails_total', { outcome: 'failed' }) ?? 0).toBe(0);

    // contract-workflow delivered the N conclusions' webhooks and counted them.
    const delivered = await eventually(async () => {
      const scraped = await metricsOf('contract-workflow');
      return valueOf(scraped, 'inkan_webhooks_total', { outcome: 'delivered' }) === N ? scraped : undefined;
    }, 30_000);
    expect(valueOf(delivered, 'inkan_webhooks_total', { outcome: 'failed' }) ?? 0).toBe(0);
    expect(hooked).toHaveLength(N);

    // The long-term archive: the N concluded PDFs have a proof date, none renewed or failing yet (read every 30 s).
    const archive = await eventually(async () => {
      const scraped = await metricsOf('contract-workflow');
      return valueOf(scraped, 'inkan_long_term_documents', { state: 'documents' }) === N ? scraped : undefined;
    }, 90_000);
    expect(valueOf(archive, 'inkan_long_term_documents', { state: 'failed' })).toBe(0);
    expect(valueOf(archive, 'inkan_long_term_documents', { state: 'renewals' })).toBe(0);

    // The gateway: the routes by their templates, with their latency; the RPCs it made.
    const gateway = await metricsOf('gateway');
    const execute = { method: 'POST', route: '/api/bulk-sign/sessions/:sessionId/execute', status: '202' };
    expect(valueOf(gateway, 'inkan_http_requests_total', execute)).toBe(1);
    expect(valueOf(gateway, 'inkan_http_request_duration_seconds_count', execute)).toBe(1);
    expect(valueOf(gateway, 'inkan_http_request_duration_seconds_bucket', { ...execute, le: '+Inf' })).toBe(1);
    expect(gateway.text).not.toContain(sessionId);
    expect(valueOf(gateway, 'inkan_rpc_calls_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(valueOf(gateway, 'inkan_rpc_call_duration_seconds_count')).toBeGreaterThan(0);
  });

  it(`keeps the series bounded after ${DISTINCT_URLS} distinct URLs: route templates and one label for no route, never an ID`, async () => {
    const client = parties.bulkUser.client;
    const seriesOf = (scraped: Scrape) => matching(scraped, 'inkan_http_requests_total').length;
    const before = await metricsOf('gateway');
    const ids: string[] = [];
    for (let index = 0; index < DISTINCT_URLS; index += 1) {
      const id = index % 5 === 4 ? `not-an-id-${index}` : randomUUID();
      ids.push(id);
      const response = index % 2 === 0 ? await client.get(`/api/contracts/${id}`) : await client.get(`/no/such/page/${id}?q=${index}`);
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
    const after = await metricsOf('gateway');
    // At most a handful of new (method, route, status) combinations, whatever the number of URLs.
    expect(seriesOf(after) - seriesOf(before)).toBeLessThanOrEqual(6);
    expect(matching(after, 'inkan_http_requests_total', { route: 'unmatched' }).length).toBeGreaterThan(0);
    expect(valueOf(after, 'inkan_http_requests_total', { route: 'unmatched' })).toBeGreaterThanOrEqual(DISTINCT_URLS / 2);
    expect(ids.filter((id) => after.text.includes(id))).toEqual([]);
    expect(after.text).not.toContain('/no/such/page');
    // Every route label is a template of a registered route or the one for none.
    const routes = new Set(matching(after, 'inkan_http_requests_total').map((sample) => sample.labels.route));
    expect([...routes].filter((route) => route !== 'unmatched' && !route.startsWith('/'))).toEqual([]);
  });

  it('exports when the platform CA’s and the TSA’s certificates expire, from signing', async () => {
    const signing = await metricsOf('signing');
    const now = Date.now() / 1_000;
    const certificates = matching(signing, 'inkan_certificate_not_after_seconds');
    expect(certificates.map((sample) => sample.labels.certificate).sort()).toEqual(['ca-issuing', 'ca-root', 'tsa']);
    for (const sample of certificates) {
      expect({ certificate: sample.labels.certificate, future: sample.value > now + 86_400 }).toEqual({
        certificate: sample.labels.certificate,
        future: true,
      });
    }
  });

  it('uses in the dashboard and the alert rules only metrics a real scrape of the platform has', async () => {
    const names = new Set<string>();
    for (const app of APPS) {
      (await metricsOf(app)).names.forEach((name) => names.add(name));
    }
    const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'deploy/observability/grafana-dashboard.json'), 'utf8')) as {
      panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
    };
    const dashboardExpressions = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
    const alerts = parse(readFileSync(path.join(ROOT, 'deploy/observability/alerts.yaml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string; labels: { severity: string }; annotations: { summary: string } }> }>;
    };
    const rules = alerts.groups.flatMap((group) => group.rules);
    const alertExpressions = rules.map((rule) => rule.expr);
    expect(dashboardExpressions.length).toBeGreaterThan(15);
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'InkanOutboxLagging',
        'InkanDeadLetteredMessages',
        'InkanBulkSignJobsFailed',
        'InkanSigningWorkerAbsent',
        'InkanCertificateExpiringSoon',
      ]),
    );
    for (const rule of rules) {
      expect({ alert: rule.alert, severity: rule.labels?.severity, summary: typeof rule.annotations?.summary }).toEqual({
        alert: rule.alert,
        severity: expect.stringMatching(/^(info|warning|critical)$/),
        summary: 'string',
      });
    }
    const used = [...dashboardExpressions, ...alertExpressions].flatMap(metricNamesIn);
    expect(new Set(used).size).toBeGreaterThan(15);
    expect([...new Set(used)].filter((name) => !names.has(name)).sort()).toEqual([]);
    // The check has teeth: a misspelt name is caught.
    expect(metricNamesIn('rate(inkan_bulk_sign_document_total[5m])').filter((name) => !names.has(name))).toEqual([
      'inkan_bulk_sign_document_total',
    ]);
  });
});
