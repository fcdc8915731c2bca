import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { eventually } from '@app/testing';
import { contextFrom, inSpan, SpanKind, startTracing, stopTracing, traceHeaders, traceLogFields, tracingStarted } from './tracing';

const ROOT = path.resolve(__dirname, '../../..');

describe('tracing', () => {
  afterEach(() => stopTracing());

  it('starts nothing without OTEL_EXPORTER_OTLP_ENDPOINT: no SDK, no recorded span, no header, no log field', async () => {
    expect(startTracing({ serviceName: 'test', endpoint: undefined })).toBe(false);
    expect(tracingStarted()).toBe(false);
    let recording: boolean | undefined;
    let headers: Record<string, string> | undefined;
    let fields: object | undefined;
    await inSpan('work', {}, async (span) => {
      recording = span.isRecording();
      headers = traceHeaders();
      fields = traceLogFields();
    });
    expect({ recording, headers, fields }).toEqual({ recording: false, headers: {}, fields: {} });
    // The global provider is still the API's proxy with no SDK behind it.
    expect(trace.getTracerProvider().constructor.name).toBe('ProxyTracerProvider');
    expect(trace.getTracer('inkan').startSpan('x').isRecording()).toBe(false);
  });

  it('in-process: a traceparent header carries the trace from a client span to the handling span; log fields name them', async () => {
    expect(startTracing({ serviceName: 'test-service', exporter: new InMemorySpanExporter() })).toBe(true);
    let sent: Record<string, string> = {};
    let logged: { traceId?: string; spanId?: string } = {};
    await inSpan('rpc test.pattern', { kind: SpanKind.CLIENT }, async () => {
      sent = traceHeaders();
      logged = traceLogFields();
    });
    expect(sent.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(sent.traceparent).toBe(`00-${logged.traceId}-${logged.spanId}-01`);
    // The consumer side (AMQP headers may arrive as Buffers): a span under the extracted context joins the trace.
    let consumer: { traceId?: string; spanId?: string } = {};
    await inSpan(
      'handle test.pattern',
      { kind: SpanKind.SERVER, parent: contextFrom({ traceparent: Buffer.from(sent.traceparent) }) },
      async () => {
        consumer = traceLogFields();
      },
    );
    expect(consumer.traceId).toBe(logged.traceId);
    expect(consumer.spanId).not.toBe(logged.spanId);
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT set, a process exports its spans as OTLP/HTTP to <endpoint>/v1/traces', async () => {
    const received: { url?: string; type?: string; body: string }[] = [];
    const receiver = await new Promise<http.Server>((resolve) => {
      const server = http.createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          received.push({ url: request.url, type: request.headers['content-type'], body });
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    try {
      // A real process (the exporter loads node:http lazily, which jest's module sandbox cannot).
      const script = [
        "const t = require('./libs/observability/src/tracing.ts');",
        "if (!t.startTracing({ serviceName: 'test-service', endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT })) process.exit(3);",
        "t.inSpan('exported work', {}, async () => undefined).then(() => t.stopTracing());",
      ].join('\n');
      const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
      const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
        cwd: ROOT,
        env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect({ code, output }).toEqual({ code: 0, output: '' });
      // The process flushed before it exited; the request may still be in this one's queue.
      await eventually(async () =>
        received
          .map((request) => request.body)
          .join('')
          .includes('exported work'),
      );
      expect(received[0]).toMatchObject({ url: '/v1/traces', type: 'application/json' });
      expect(received.map((request) => request.body).join('')).toContain('test-service');
    } finally {
      receiver.close();
    }
  });
});
