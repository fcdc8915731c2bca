import http from 'node:http';
import https from 'node:https';
import { guardedLookup, isPublicAddress, literalAddressOf, WebhookTargetRefused } from './webhook-target.guard';

export interface WebhookPostOptions {
  timeoutMs: number;
  /** Development and tests only: allow loopback and private network targets. */
  allowPrivateTargets: boolean;
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
): Promise<{ statusCode?: number; error?: string }> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const literal = literalAddressOf(target);
    if (literal && !options.allowPrivateTargets && !isPublicAddress(literal)) {
      resolve({ error: new WebhookTargetRefused(`${literal} is not a public address`).message });
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.allowPrivateTargets),
        timeout: options.timeoutMs,
      },
      (response) => {
        // Only the status matters; the body is drained so the socket is freed.
        response.resume();
        resolve({ statusCode: response.statusCode ?? 0 });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => {
      resolve({
        error: (error instanceof WebhookTargetRefused ? error.message : `${error.code ?? error.name}: ${error.message}`).slice(0, 300),
      });
    });
    request.end(body);
  });
}
