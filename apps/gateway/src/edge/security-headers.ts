import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@app/config';

const SELF = "'self'";
const NONE = "'none'";

/** The web UI and the API: only our own scripts and styles, nothing may frame us, no plugins. */
function strictDirectives(https: boolean): Record<string, string[] | null> {
  return {
    defaultSrc: [SELF],
    scriptSrc: [SELF],
    styleSrc: [SELF],
    // Vite inlines small images as data: URLs; the contract view shows the PDF from a blob: URL in a frame.
    imgSrc: [SELF, 'data:', 'blob:'],
    fontSrc: [SELF, 'data:'],
    // The PDF the page fetched is read back from its blob: URL (same-origin by construction).
    connectSrc: [SELF, 'blob:'],
    frameSrc: [SELF, 'blob:'],
    objectSrc: [NONE],
    baseUri: [SELF],
    formAction: [SELF],
    frameAncestors: [NONE],
    scriptSrcAttr: [NONE],
    upgradeInsecureRequests: https ? [] : null,
  };
}

/** Swagger UI (/api/docs) styles itself inline and draws its logo from a data: URL. */
function docsDirectives(https: boolean): Record<string, string[] | null> {
  return { ...strictDirectives(https), styleSrc: [SELF, "'unsafe-inline'"], imgSrc: [SELF, 'data:'] };
}

/**
 * Security headers on every answer (@fastify/helmet): a strict CSP,
 * X-Content-Type-Options, X-Frame-Options DENY with frame-ancestors 'none',
 * Referrer-Policy no-referrer, and HSTS only when PUBLIC_BASE_URL is https
 * (over plain HTTP it would be ignored, and it must never pin a test host).
 * Call before the routes are registered.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const https = new URL(config.PUBLIC_BASE_URL).protocol === 'https:';
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) {
      route.config = {
        ...(route.config ?? {}),
        helmet: { contentSecurityPolicy: { useDefaults: false, directives: docsDirectives(https) } },
      } as typeof route.config;
    }
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: strictDirectives(https) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    // The UI loads nothing cross-origin; COEP would only get in the way of the PDF frame.
    crossOriginEmbedderPolicy: false,
  });
}
