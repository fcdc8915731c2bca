import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';

/**
 * Paths the UI never owns: the API (its unknown paths stay the JSON 404),
 * health and metrics, and anything that names a file (`/x.js`, `/x.png`):
 * a missing asset is a 404, not a page.
 */
const SERVER_PATH = /^\/(?:api(?:\/|$)|health(?:[/?]|$)|metrics(?:[/?]|$))/;
const FILE_PATH = /\/[^/?]*\.[A-Za-z0-9]{1,8}(?:\?|$)/;

/** Whether a GET of `url` opens the UI (history routing): `/contracts/0000000283`, `/login`, `/`. */
export function isUiPath(url: string): boolean {
  return !SERVER_PATH.test(url) && !FILE_PATH.test(url);
}

/**
 * The built web UI: its files as they are, and `index.html` for every other
 * GET that is a screen of the UI, so a mail's link (`/contracts/<number>`,
 * `/certificates`, `/login`) or a reload opens the screen. Registered as the
 * lowest-priority route: every API route wins over it.
 */
export async function serveWebUi(app: NestFastifyApplication, webRoot: string, logger: Logger): Promise<void> {
  const indexFile = path.join(webRoot, 'index.html');
  if (!existsSync(indexFile)) {
    logger.warn({ webRoot }, 'web UI not built (run npm run build); / is not served');
    return;
  }
  // index.html holds no inline script or style (the CSP allows none); it names the hashed bundles.
  const index = readFileSync(indexFile);
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', decorateReply: false, wildcard: false, index: false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', (request, reply) => {
    if (!isUiPath(request.url)) {
      return reply.callNotFound();
    }
    // The page must follow the build it names, never a cached copy of an older one.
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  });
}
