import http from 'node:http';
import https from 'node:https';
import { literalAddressOf, WebhookTargetRefused, WebhookTargets } from './webhook-target.guard';

/**
 * What a subscriber's administrator may learn of a failed attempt. Nothing
 * finer (refused, ECONNREFUSED, EHOSTUNREACH, a timeout): those would let
 * the administrator map the network the platform runs in.
 */
export const TARGET_UNREACHABLE = 'target unreachable';

export interface WebhookPostOptions {
  timeoutMs: number;
  targets: WebhookTargets;
}

export interface WebhookPostResult {
  statusCode?: number;
  /** For the delivery log: TARGET_UNREACHABLE when there was no status. */
  error?: string;
  /** For the service's own log only: why there was no status. */
  cause?: string;
}

/**
 * One POST to a subscriber: the status code, or why there was none. Redirects
 * are not followed (a redirect could lead anywhere) and count as failures.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: WebhookPostOptions,
): Promise<WebhookPostResult> {
  return new Promise((resolve) => {
    const unreachable = (cause: string) => resolve({ error: TARGET_UNREACHABLE, cause: cause.slice(0, 300) });
    const target = new URL(url);
    const literal = literalAddressOf(target);
    if (literal && !options.targets.allows(literal)) {
      unreachable(new WebhookTargetRefused(`${literal} is a special-purpose address`).message);
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        // The address checked is the address connected to: no second resolution can differ from it.
        lookup: options.targets.lookup(),
        timeout: options.timeoutMs,
        // A fresh connection each time, so an open socket to a name's earlier address is never reused.
        agent: false,
      },
      (response) => {
        clearTimeout(deadline);
        // Only the status matters: the connection is closed rather than drained (a body may never end).
        resolve({ statusCode: response.statusCode ?? 0 });
        response.destroy();
      },
    );
    // `timeout` is per idle period; a receiver trickling its answer a byte at a time meets this one.
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(deadline);
      unreachable(error instanceof WebhookTargetRefused ? error.message : `${error.code ?? error.name}: ${error.message}`);
    });
    request.end(body);
  });
}
