import type { FastifyInstance } from 'fastify';
import { PlatformMetrics, UNMATCHED_ROUTE } from '@app/observability';

const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Counts every answered request with its time, by method, route template (`/api/contracts/:id`,
 * never the URL a caller sent) and status. A request no route matched is one `unmatched` label and
 * an unusual method one `OTHER`, so no caller can grow the number of series.
 */
export function installHttpMetrics(fastify: FastifyInstance, metrics: PlatformMetrics): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: METHODS.has(request.method) ? request.method : 'OTHER',
      route: request.routeOptions.url ?? UNMATCHED_ROUTE,
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1_000);
  });
}
