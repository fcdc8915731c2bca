import http from 'node:http';
import { AddressInfo } from 'node:net';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing, stopTracing } from '@app/observability';
import { deleteRedisKeys, eventually } from '@app/testing';
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

/** A span as another process exported it (OTLP/HTTP JSON: IDs in hex). */
interface ExportedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** A tiny OTLP/HTTP receiver on loopback: what the signing-worker process exports lands here. */
class OtlpReceiver {
  readonly spans: ExportedSpan[] = [];
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = http.createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        receiver.collect(request.url, body);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): void {
    this.server.close();
  }

  private collect(url: string | undefined, body: string): void {
    expect(url).toBe('/v1/traces');
    const parsed = JSON.parse(body) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: { stringValue?: string } }[] };
        scopeSpans: { spans: { name: string; traceId: string; spanId: string; parentSpanId?: string }[] }[];
      }[];
    };
    for (const resourceSpans of parsed.resourceSpans) {
      const service = resourceSpans.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
      for (const scope of resourceSpans.scopeSpans) {
        for (const span of scope.spans) {
          this.spans.push({
            service,
            name: span.name,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
          });
        }
      }
    }
  }
}

/** The span's own ID and its parent's, the way the tests compare them. */
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const serviceOf = (span: ReadableSpan) => span.attributes['inkan.service'];

/** The chain of spans from `span` up to its trace's root, `span` first. */
function ancestry(span: ReadableSpan, spans: ReadableSpan[]): ReadableSpan[] {
  const chain = [span];
  for (let parent = parentOf(span); parent !== undefined;) {
    const next = spans.find((candidate) => idOf(candidate) === parent);
    if (!next) {
      throw new Error(`span ${span.name}: parent ${parent} is not in the trace`);
    }
    chain.push(next);
    parent = parentOf(next);
  }
  return chain;
}

/**
 * One trace per operation on the real platform (every service in-process, the SDK's in-memory
 * exporter): the HTTP request's server span in the gateway, the RPC client span, the handling span
 * of each service it reaches over RabbitMQ (traceparent in the AMQP headers), each a child of the
 * one before; log lines written inside carry the trace's ID.
 */
describe('tracing across HTTP → RabbitMQ → BullMQ', () => {
  const exporter = new InMemorySpanExporter();
  let env: IdentityPlatform;
  let parties: BulkParties;
  let receiver: OtlpReceiver;
  let worker: WorkerProcess;

  beforeAll(async () => {
    expect(startTracing({ serviceName: 'inkan-test', exporter })).toBe(true);
    env = await IdentityPlatform.start({ ...BULK_TEST_SETTINGS, DATABASE_POOL_SIZE: '4' });
    parties = await bulkParties(env);
    // The signing-worker is a process of its own: it exports over OTLP/HTTP to the receiver.
    receiver = await OtlpReceiver.start();
    worker = await WorkerProcess.start(env.config, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
  }, 180_000);

  afterAll(async () => {
    await worker?.kill();
    receiver?.close();
    await env?.close();
    if (env) {
      await deleteRedisKeys(env.config);
    }
    await stopTracing();
  });

  it('a single-contract signing is one trace: gateway → contract-workflow → signing, each span under the one that called it', async () => {
    exporter.reset();
    const [contract] = await awaitingReceipt(env, parties, parties.bulkUser, 1);
    const spans = exporter.getFinishedSpans();
    const request = spans.filter((span) => span.name === 'POST /api/contracts/:contractId/sign');
    expect(request).toHaveLength(1);
    const [root] = request;
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes['http.response.status_code']).toBe(200);
    const traceId = root.spanContext().traceId;
    const trace = spans.filter((span) => span.spanContext().traceId === traceId);
    // Every span of the trace hangs off the request, through parents that are all in the trace.
    for (const span of trace) {
      expect(ancestry(span, trace).at(-1)).toBe(root);
    }
    // The signing service's handling span sits under contract-workflow's, which sits under the gateway's request.
    const signing = trace.filter((span) => span.name.startsWith('handle ') && serviceOf(span) === 'signing');
    expect(signing.length).toBeGreaterThan(0);
    const services = ancestry(signing[0], trace)
      .map((span) => (span === root ? 'gateway' : serviceOf(span)))
      .filter((service) => service !== undefined);
    expect(services).toEqual(['signing', 'contract-workflow', 'gateway']);
    // Each handling span's parent is the client span that sent it, over RabbitMQ.
    for (const handled of trace.filter((span) => span.name.startsWith('handle '))) {
      const client = trace.find((span) => idOf(span) === parentOf(handled));
      expect({ handled: handled.name, client: client?.name }).toEqual({
        handled: handled.name,
        client: handled.name.replace('handle ', 'rpc '),
      });
    }
    // No other trace: the other requests of the flow (register, submit) are traces of their own, not mixed in.
    expect(trace.every((span) => span.spanContext().traceId === traceId)).toBe(true);
    // The log lines written while handling the request carry its trace ID, in every service.
    const logged = env.platform.logs.lines.filter((line) => line.traceId === traceId);
    const handling = new Set(trace.filter((span) => span.name.startsWith('handle ')).map(serviceOf));
    expect([...new Set(logged.map((line) => line.service))].sort()).toEqual([...handling].sort());
    expect([...handling]).toEqual(expect.arrayContaining(['contract-workflow', 'signing']));
    expect(logged.every((line) => trace.some((span) => idOf(span) === line.spanId))).toBe(true);
    expect(contract.contractId).toEqual(expect.any(String));
  });

  it('a bulk sign is one trace: gateway → signing → each document in the signing-worker process → its conclusion in contract-workflow', async () => {
    const { bulkUser } = parties;
    const [original] = await awaitingReceipt(env, parties, bulkUser, 1, '業務委託契約');
    const contractIds = [original.contractId, ...(await copiesOf(env, original.contractId, 1))];
    const mark = env.smtp.messages.length;
    const selected = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds });
    expect(selected.status).toBe(201);
    const sessionId: string = selected.body.sessionId;
    const password = await bulkSigningPassword(env, bulkUser, [], mark);
    exporter.reset();
    const executed = await bulkUser.client.post(`/api/bulk-sign/sessions/${sessionId}/execute`, {
      serialNumber: bulkUser.serialNumber,
      signingPassword: password,
    });
    expect(executed.status).toBe(202);
    expect(await completed(bulkUser.client, sessionId)).toMatchObject({ total: 2, done: 2, failed: 0 });

    const roots = exporter
      .getFinishedSpans()
      .filter((span) => span.name.endsWith('/execute') && span.attributes['http.route'] !== undefined);
    expect(roots).toHaveLength(1);
    const traceId = roots[0].spanContext().traceId;
    // The worker exports in batches: wait for both documents' spans and the session's.
    const workerSpans = await eventually(async () => {
      const spans = receiver.spans.filter((span) => span.traceId === traceId);
      const documents = spans.filter((span) => span.name === 'bulk-sign document');
      return documents.length === 2 && spans.some((span) => span.name === 'bulk-sign session') ? spans : undefined;
    }, 60_000);
    expect(new Set(workerSpans.map((span) => span.service))).toEqual(new Set(['signing-worker']));
    // Each job's span hangs off the span in the signing service that added the flow (traceparent in the job data).
    const local = () => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    for (const job of workerSpans.filter((span) => span.name.startsWith('bulk-sign '))) {
      const parent = local().find((span) => idOf(span) === job.parentSpanId);
      expect({ job: job.name, parent: parent && serviceOf(parent) }).toEqual({ job: job.name, parent: 'signing' });
      expect(ancestry(parent!, local()).at(-1)).toBe(roots[0]);
    }
    // The conclusion: the worker's events (outbox row → traceparent header; documents of one session are told in
    // batches) are handled in contract-workflow under a worker span of the same trace.
    const workerIds = new Set(workerSpans.map((span) => span.spanId));
    const concluded = await eventually(async () => {
      const events = local().filter((span) => span.name.startsWith('event ') && workerIds.has(parentOf(span) ?? ''));
      return events.some((span) => serviceOf(span) === 'contract-workflow') ? events : undefined;
    }, 30_000).catch((error: Error) => {
      const seen = local().map((span) => `${span.name} [${String(serviceOf(span))}] ${idOf(span)} ← ${parentOf(span) ?? '-'}`);
      const exported = workerSpans.map((span) => `${span.name} ${span.spanId} ← ${span.parentSpanId ?? '-'}`);
      throw new Error(`${error.message}\nlocal:\n${seen.join('\n')}\nworker:\n${exported.join('\n')}`);
    });
    expect(concluded.map((span) => span.name)).toContain('event signing.bulk-sign.documents-signed');
  });
});
