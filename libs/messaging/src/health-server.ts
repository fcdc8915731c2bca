import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ComponentStatus } from '@app/contracts';
import { HealthChecks } from './health';

export interface HealthServerOptions {
  port: number;
  /** Probes come from the kubelet or the container runtime, so all interfaces by default. */
  host?: string;
  /** The process's own dependencies; /readyz runs them (each within timeoutMs). */
  checks: Pick<HealthChecks, 'run'>;
  timeoutMs: number;
  logger: Logger;
  /** The process's Prometheus metrics, served on /metrics (libs/observability); none: 404. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

export interface HealthServer {
  readonly port: number;
  /** From now on /readyz answers 503 (draining): the process is stopping. */
  drain(): void;
  close(): Promise<void>;
}

/**
 * The per-process probe port (HEALTH_PORT): `/livez` answers 200 while the event loop runs and
 * touches no dependency (a dependency outage must not get a process killed); `/readyz` answers
 * 200 only when every dependency of this process answers, else 503 naming the ones down.
 * Separate from any API port, so a probe is never queued behind user traffic or body limits.
 * `/metrics` serves the process's Prometheus metrics here too, never on a public API port.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  let draining = false;
  const server: Server = createServer((request, response) => {
    void answer(request, response);
  });
  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, { status: 'error', error: 'GET only / GET のみ' });
    }
    if (path === '/livez') {
      return send(response, 200, { status: 'ok' });
    }
    if (path === '/readyz') {
      if (draining) {
        return send(response, 503, { status: 'draining', components: {} });
      }
      const components: Record<string, ComponentStatus> = await options.checks.run(options.timeoutMs);
      const ready = Object.values(components).every((component) => component.status === 'up');
      return send(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not-ready', components });
    }
    if (path === '/metrics' && options.metrics) {
      return sendMetrics(response, options.metrics);
    }
    return send(response, 404, { status: 'error', error: 'not found: /livez, /readyz or /metrics / 見つかりません' });
  }
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host ?? '0.0.0.0' }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info(
    { port },
    options.metrics ? 'health probes on /livez and /readyz, metrics on /metrics' : 'health probes on /livez and /readyz',
  );
  return {
    port,
    drain: () => {
      draining = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function sendMetrics(response: ServerResponse, metrics: NonNullable<HealthServerOptions['metrics']>): Promise<void> {
  try {
    const { contentType, body } = await metrics();
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  } catch {
    send(response, 500, { status: 'error', error: 'metrics could not be collected / メトリクスを収集できませんでした' });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
