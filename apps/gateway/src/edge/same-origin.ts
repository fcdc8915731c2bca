import type { FastifyRequest } from 'fastify';
import { gatewayError } from '../auth/gateway-errors';

/**
 * A state-changing request from a browser must come from inkan's own pages.
 * Browsers send `Sec-Fetch-Site` and `Origin` on every such request and no
 * page can forge them: `Sec-Fetch-Site` must be `same-origin` (or `none`, the
 * user's own action), and `Origin`, when there is no `Sec-Fetch-Site`, must
 * be PUBLIC_BASE_URL's origin or the origin the request was sent to. A
 * request with neither header comes from a program (curl, an SDK, a
 * webhook tool), which a cross-site page cannot make a browser send.
 */
export function assertSameOrigin(request: FastifyRequest, publicOrigin: string): void {
  const site = single(request.headers['sec-fetch-site']);
  if (site !== undefined) {
    if (site !== 'same-origin' && site !== 'none') {
      throw gatewayError('CROSS_ORIGIN_REJECTED');
    }
    return;
  }
  const origin = single(request.headers.origin);
  if (origin === undefined) {
    return;
  }
  const target = `${request.protocol}://${request.host}`;
  if (origin !== publicOrigin && origin !== target) {
    throw gatewayError('CROSS_ORIGIN_REJECTED');
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
