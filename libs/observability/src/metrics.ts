import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric of the platform starts with this (Node's defaults included). */
export const METRIC_PREFIX = 'inkan_';

/** The label every series of a process carries: which app it is (gateway, identity, …, signing-worker). */
export const APP_LABEL = 'app';

/** An HTTP request that matched no route: one label value, never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';
/** An RPC pattern or event name this process does not know (a poison message): one label value. */
export const UNKNOWN_PATTERN = 'unknown';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const DOCUMENT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];

/** How an RPC ended: answered, refused (4xx, the caller's fault), failed (5xx) or dead-lettered unread. */
export type RpcOutcome = 'ok' | 'refused' | 'failed' | 'dead-lettered';
/** How an event delivery ended: handled, dead-lettered (it can never succeed) or requeued to try again. */
export type EventOutcome = 'ok' | 'dead-lettered' | 'retried';
export type BulkSignOutcome = 'signed' | 'failed' | 'retrying' | 'announced-again';
export type MailOutcome = 'sent' | 'failed' | 'retrying';
export type WebhookOutcome = 'delivered' | 'failed' | 'retrying';

/** A gauge's values at one scrape: label values → value. */
export type GaugeSample<L extends string> = Array<{ labels?: Partial<Record<L, string>>; value: number }>;

export interface CollectedGaugeOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  /** Reads the values; called on scrape, at most once per `cacheMs` (what it reads may cost a query). */
  read: () => Promise<GaugeSample<L>>;
  cacheMs?: number;
}

const byApp = new Map<string, PlatformMetrics>();

/**
 * The Prometheus metrics of one app (one registry each, so several apps in one process — the
 * in-process test platform — keep theirs apart). Every metric is declared here, in one place, so
 * names and labels stay stable for the dashboards and alerts in deploy/observability/. Labels hold
 * bounded values only: route templates, RPC patterns and event names from @app/contracts, outcomes,
 * queue names — never an ID or a raw URL.
 */
export class PlatformMetrics {
  readonly registry = new Registry();

  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly rpcHandled: Counter<'pattern' | 'outcome'>;
  readonly rpcDuration: Histogram<'pattern' | 'outcome'>;
  readonly rpcCalls: Counter<'pattern' | 'outcome'>;
  readonly rpcCallDuration: Histogram<'pattern' | 'outcome'>;
  readonly eventsPublished: Counter<'event'>;
  readonly eventsHandled: Counter<'event' | 'outcome'>;
  readonly eventDuration: Histogram<'event'>;
  readonly inboxDuplicates: Counter<'event'>;
  readonly bulkSignDocuments: Counter<'outcome'>;
  readonly bulkSignDocumentDuration: Histogram<'outcome'>;
  readonly mails: Counter<'outcome'>;
  readonly webhooks: Counter<'outcome'>;

  /** The metrics made last for `app` in this process (for code that has no injector at hand). */
  static of(app: string): PlatformMetrics | undefined {
    return byApp.get(app);
  }

  /**
   * `nodeDefaults`: Node's own metrics (event-loop lag, heap, GC, CPU). Their samplers run for the
   * life of the process, so an app whose metrics nobody scrapes (no HEALTH_PORT) goes without.
   */
  constructor(
    readonly app: string,
    options: { nodeDefaults?: boolean } = {},
  ) {
    this.registry.setDefaultLabels({ [APP_LABEL]: app });
    if (options.nodeDefaults ?? true) {
      // Event-loop lag, heap, GC, CPU, file descriptors.
      collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    }
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: `${METRIC_PREFIX}http_requests_total`,
      help: 'HTTP requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'Time to answer an HTTP request, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rpcHandled = new Counter({
      name: `${METRIC_PREFIX}rpc_handled_total`,
      help: 'RPC requests a service handled, by pattern and outcome (ok, refused, failed, dead-lettered)',
      labelNames: ['pattern', 'outcome'],
      registers,
    });
    this.rpcDuration = new Histogram({
      name: `${METRIC_PREFIX}rpc_handle_duration_seconds`,
      help: 'Time a service took to handle an RPC request, by pattern and outcome',
      labelNames: ['pattern', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rpcCalls = new Counter({
      name: `${METRIC_PREFIX}rpc_calls_total`,
      help: 'RPC calls made to the services, by pattern and outcome (ok, refused, failed, unavailable)',
      labelNames: ['pattern', 'outcome'],
      registers,
    });
    this.rpcCallDuration = new Histogram({
      name: `${METRIC_PREFIX}rpc_call_duration_seconds`,
      help: 'Time from an RPC call to its reply, as the caller saw it, by pattern and outcome',
      labelNames: ['pattern', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.eventsPublished = new Counter({
      name: `${METRIC_PREFIX}events_published_total`,
      help: 'Events the outbox relay published and the broker confirmed, by event name',
      labelNames: ['event'],
      registers,
    });
    this.eventsHandled = new Counter({
      name: `${METRIC_PREFIX}events_handled_total`,
      help: 'Event deliveries handled, by event name and outcome (ok, dead-lettered, retried)',
      labelNames: ['event', 'outcome'],
      registers,
    });
    this.eventDuration = new Histogram({
      name: `${METRIC_PREFIX}event_handle_duration_seconds`,
      help: 'Time to handle an event delivery, by event name',
      labelNames: ['event'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.inboxDuplicates = new Counter({
      name: `${METRIC_PREFIX}inbox_duplicates_total`,
      help: 'Event deliveries the inbox had seen before (a redelivery or a relay publishing twice), by event name',
      labelNames: ['event'],
      registers,
    });
    this.bulkSignDocuments = new Counter({
      name: `${METRIC_PREFIX}bulk_sign_documents_total`,
      help: 'Bulk-sign document jobs a signing worker finished, by outcome (signed, failed, retrying, announced-again)',
      labelNames: ['outcome'],
      registers,
    });
    this.bulkSignDocumentDuration = new Histogram({
      name: `${METRIC_PREFIX}bulk_sign_document_duration_seconds`,
      help: 'Time a signing worker spent on one bulk-sign document job, by outcome',
      labelNames: ['outcome'],
      buckets: DOCUMENT_BUCKETS,
      registers,
    });
    this.mails = new Counter({
      name: `${METRIC_PREFIX}mails_total`,
      help: 'Mail send attempts, by outcome (sent, failed for good, retrying later)',
      labelNames: ['outcome'],
      registers,
    });
    this.webhooks = new Counter({
      name: `${METRIC_PREFIX}webhooks_total`,
      help: 'Webhook delivery attempts, by outcome (delivered, failed for good, retrying later)',
      labelNames: ['outcome'],
      registers,
    });
    byApp.set(app, this);
  }

  /**
   * A gauge read on scrape (queue depths, outbox lag, pool usage). A read that fails leaves the
   * gauge without samples for that scrape rather than failing the whole scrape.
   */
  collectedGauge<L extends string>(options: CollectedGaugeOptions<L>): Gauge<L> {
    const read = cached(options.read, options.cacheMs ?? 0);
    return new Gauge<L>({
      name: options.name,
      help: options.help,
      labelNames: options.labelNames ?? [],
      registers: [this.registry],
      async collect() {
        this.reset();
        const samples = await read().catch(() => [] as GaugeSample<L>);
        for (const sample of samples) {
          if (sample.labels && Object.keys(sample.labels).length > 0) {
            this.set(sample.labels as Record<L, string>, sample.value);
          } else {
            this.set(sample.value);
          }
        }
      },
    });
  }

  /** The text a scrape gets, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Forgets this app's registry (its app closed). */
  close(): void {
    this.registry.clear();
    if (byApp.get(this.app) === this) {
      byApp.delete(this.app);
    }
  }
}

/** `read`, reusing its last answer for `ttlMs` and sharing one call among concurrent scrapes. */
export function cached<T>(read: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (last && now - last.at < ttlMs) {
      return last.value;
    }
    const value = read();
    last = { at: now, value };
    value.catch(() => {
      last = undefined;
    });
    return value;
  };
}

/** Injection token of an app's PlatformMetrics. */
export const METRICS = Symbol('inkan.metrics');
