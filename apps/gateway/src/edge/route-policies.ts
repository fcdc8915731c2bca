import { formatMegabytes, storedPdfLimit } from '@app/blob-store';
import { AppConfig } from '@app/config';
import { OCSP_REQUEST_MAX_BYTES } from '@app/contracts';

/** What the edge lets a route's body be, decided before a byte of it is read. */
export interface RoutePolicy {
  /** The most body bytes read; a larger Content-Length is refused unread (413). */
  bodyLimit: number;
  /** Media types a body may have (lower case, without parameters). */
  contentTypes: readonly string[];
  /** Authenticate in onRequest, before the body is read: routes that take large bodies. */
  authenticateFirst: boolean;
  /** An upload: its body gets one more second per HTTP_UPLOAD_MIN_BYTES_PER_SECOND to arrive. */
  upload: boolean;
  /** The limit as a 413 names it. */
  limitText: { ja: string; en: string };
}

/** Room for a registration's other fields beside the base64 PDF in one JSON body. */
const REGISTRATION_FIELDS_BYTES = 1024 * 1024;
const TSA_QUERY_BYTES = 64 * 1024;

function pdfText(limit: number): { ja: string; en: string } {
  return { ja: `PDFの上限 ${formatMegabytes(limit)}`, en: `PDFs up to ${formatMegabytes(limit)} are accepted` };
}

/** Every route not listed below: a small JSON body. */
export function defaultPolicy(config: AppConfig): RoutePolicy {
  const limit = config.HTTP_BODY_LIMIT_BYTES;
  return {
    bodyLimit: limit,
    contentTypes: ['application/json'],
    authenticateFirst: false,
    upload: false,
    limitText: { ja: `本文の上限 ${formatMegabytes(limit)}`, en: `request bodies up to ${formatMegabytes(limit)} are accepted` },
  };
}

/**
 * The routes that take more than a small JSON body, by `METHOD path` as
 * Fastify registers them: the PDF limit applies only where PDFs go.
 */
export function routePolicies(config: AppConfig): Record<string, RoutePolicy> {
  const upload = config.BLOB_MAX_BYTES;
  const stored = storedPdfLimit(config.BLOB_MAX_BYTES);
  return {
    'POST /api/contracts': {
      // Multipart carries the PDF as is; JSON as base64, 4/3 of it.
      bodyLimit: Math.ceil((upload * 4) / 3) + REGISTRATION_FIELDS_BYTES,
      contentTypes: ['application/json', 'multipart/form-data'],
      authenticateFirst: true,
      upload: true,
      limitText: pdfText(upload),
    },
    'POST /api/signing/validate': {
      bodyLimit: stored,
      contentTypes: ['application/pdf', 'application/json'],
      authenticateFirst: true,
      upload: true,
      limitText: pdfText(stored),
    },
    'POST /api/signing/tsa': {
      bodyLimit: TSA_QUERY_BYTES,
      contentTypes: ['application/timestamp-query'],
      authenticateFirst: false,
      upload: false,
      limitText: {
        ja: `タイムスタンプ要求の上限 ${formatMegabytes(TSA_QUERY_BYTES)}`,
        en: `time-stamp queries up to ${formatMegabytes(TSA_QUERY_BYTES)} are accepted`,
      },
    },
    'POST /api/signing/ocsp': {
      bodyLimit: OCSP_REQUEST_MAX_BYTES,
      contentTypes: ['application/ocsp-request'],
      authenticateFirst: false,
      upload: false,
      limitText: {
        ja: `OCSP要求の上限 ${formatMegabytes(OCSP_REQUEST_MAX_BYTES)}`,
        en: `OCSP requests up to ${formatMegabytes(OCSP_REQUEST_MAX_BYTES)} are accepted`,
      },
    },
  };
}

/** How long a body may take to arrive: HTTP_BODY_TIMEOUT_MS, plus time by size on upload routes. */
export function bodyDeadlineMs(config: AppConfig, policy: RoutePolicy, announcedBytes: number | undefined): number {
  if (!policy.upload) {
    return config.HTTP_BODY_TIMEOUT_MS;
  }
  const bytes = Math.min(announcedBytes ?? policy.bodyLimit, policy.bodyLimit);
  return config.HTTP_BODY_TIMEOUT_MS + Math.ceil((bytes / config.HTTP_UPLOAD_MIN_BYTES_PER_SECOND) * 1000);
}
