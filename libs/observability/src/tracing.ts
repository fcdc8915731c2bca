import {
  Context,
  context,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Attributes,
  isSpanContextValid,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

/** The W3C header (and job-data field) that carries a trace from one process to the next. */
export const TRACEPARENT = 'traceparent';

const TRACER_NAME = 'inkan';

/** The SDK started in this process, if any: one per process (the in-process test platform shares it). */
let running: { provider: TracerProvider; contextManager: AsyncLocalStorageContextManager } | undefined;

export interface TracingOptions {
  /** The process's name in every span's resource (`service.name`). */
  serviceName: string;
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: tracing is off, and no SDK is started, unless it is set. */
  endpoint?: string;
  /** An exporter of the caller's own (tests: the SDK's InMemorySpanExporter), exported span by span. */
  exporter?: SpanExporter;
}

/**
 * Starts OpenTelemetry tracing for this process when an OTLP endpoint (or a
 * test's own exporter) is given; otherwise does nothing, and every span the
 * platform opens is the API's no-op span. Spans go to
 * `<endpoint>/v1/traces` as OTLP/HTTP, in batches. Returns whether it started.
 */
export function startTracing(options: TracingOptions): boolean {
  if (running) {
    return true;
  }
  const exporter = options.exporter ?? (options.endpoint ? otlpExporter(options.endpoint) : undefined);
  if (!exporter) {
    return false;
  }
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [options.exporter ? new SimpleSpanProcessor({ exporter }) : new BatchSpanProcessor({ exporter })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  running = { provider, contextManager };
  return true;
}

function otlpExporter(endpoint: string): SpanExporter {
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
}

/** Whether an SDK runs in this process. */
export function tracingStarted(): boolean {
  return running !== undefined;
}

/** Sends the spans still buffered (before a process exits, or before a test reads them). */
export async function flushTracing(): Promise<void> {
  await running?.provider.forceFlush();
}

/** Flushes and stops the SDK, leaving the API's no-op tracer behind. */
export async function stopTracing(): Promise<void> {
  if (!running) {
    return;
  }
  const { provider, contextManager } = running;
  running = undefined;
  await provider.shutdown();
  contextManager.disable();
  trace.disable();
  context.disable();
  propagation.disable();
}

/**
 * Runs `work` inside a new span, active for everything it awaits; the span
 * ends with its outcome (an error marks it failed). With tracing off this is
 * the API's no-op span: no allocation beyond it, nothing recorded.
 */
export function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks the active span with the outcome of work that failed without throwing (a handler's error reply). */
export function markSpan(outcome: 'failed' | 'refused', code: string): void {
  const span = trace.getActiveSpan();
  span?.setAttribute('inkan.error_code', code);
  if (outcome === 'failed') {
    span?.setStatus({ code: SpanStatusCode.ERROR, message: code });
  }
}

/** Starts a span without making it active: for work whose end is reported by a callback (an HTTP request). */
export function startSpan(name: string, options: { kind?: SpanKind; attributes?: Attributes; parent?: Context }): Span {
  return trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { kind: options.kind, attributes: options.attributes }, options.parent ?? context.active());
}

/** Runs `work` with `span` as the active span. */
export function withSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/** The active trace as W3C headers (`traceparent`, and `tracestate` when any), to put on an outgoing message. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The active trace's `traceparent` (an ID, never a secret), or undefined when no sampled span is active. */
export function currentTraceparent(): string | undefined {
  return traceHeaders()[TRACEPARENT];
}

/** The context a received message (or job) continues: its `traceparent`, else a new trace. */
export function contextFrom(headers: Record<string, unknown> | undefined): Context {
  if (!headers) {
    return ROOT_CONTEXT;
  }
  const carrier: Record<string, string> = {};
  for (const key of [TRACEPARENT, 'tracestate']) {
    const value = headers[key];
    if (typeof value === 'string') {
      carrier[key] = value;
    } else if (Buffer.isBuffer(value)) {
      carrier[key] = value.toString('latin1');
    }
  }
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** `traceId` and `spanId` of the active span, for each log line; empty when none is recording. */
export function traceLogFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (!span) {
    return {};
  }
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : {};
}

export { SpanKind, SpanStatusCode };
