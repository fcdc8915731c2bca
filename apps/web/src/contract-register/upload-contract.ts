import { ApiError, changeHeaders, parseJson, toApiError } from '../api/api-client';
import type { ContractView } from '../api/api-types';

/**
 * The largest PDF registration accepts: the gateway's BLOB_MAX_BYTES at its
 * default (50 MiB). Shown before upload and checked here so a person does not
 * wait for a refusal; the gateway still enforces its own configured limit (413).
 */
export const PDF_LIMIT_BYTES = 50 * 1024 * 1024;

/** A random UUID v4, also where `crypto.randomUUID` is missing (pages not served over https or from localhost). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const NETWORK_ERROR = new ApiError(
  'NETWORK_ERROR',
  0,
  'アップロード中に接続が切れました。もう一度「登録」を押してください（同じ契約文書が二重に登録されることはありません）。',
  'The connection broke during the upload. Press “Register” again (the contract will not be registered twice).',
);

/**
 * `POST /api/contracts` as multipart/form-data (the registration as JSON in
 * `contract`, the file as is in `pdf`), by XMLHttpRequest because fetch
 * cannot report upload progress. `idempotencyKey` makes a retry after a cut
 * connection find the contract the first attempt made instead of a second one.
 */
export function uploadContract(
  fields: Record<string, unknown>,
  pdf: File,
  idempotencyKey: string,
  onProgress: (sent: number, total: number) => void,
): Promise<ContractView> {
  const form = new FormData();
  form.append('contract', JSON.stringify(fields));
  form.append('pdf', pdf, pdf.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/contracts');
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('idempotency-key', idempotencyKey);
    for (const [name, value] of Object.entries(changeHeaders())) {
      request.setRequestHeader(name, value);
    }
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) {
        onProgress(event.loaded, event.total);
      }
    };
    request.onerror = () => reject(NETWORK_ERROR);
    request.onabort = () => reject(NETWORK_ERROR);
    request.onload = () => {
      const body = parseJson(request.responseText);
      if (request.status >= 200 && request.status < 300) {
        resolve(body as ContractView);
      } else {
        reject(toApiError(request.status, body));
      }
    };
    request.send(form);
  });
}
