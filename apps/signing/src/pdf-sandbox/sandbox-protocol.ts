import type { ErrorReply } from '@app/contracts';

/** What the signing service asks of a sandbox worker: each takes an untrusted PDF. */
export type SandboxJob =
  | { readonly kind: 'prepare'; readonly pdf: Uint8Array; readonly maxBytes: number; readonly maxInflatedBytes: number }
  | {
      /** An upload staged in the blob store: read, prepared and stored by the worker, so its bytes never reach the service's loop. */
      readonly kind: 'register';
      readonly upload: { readonly id: string; readonly sha256: string; readonly sizeBytes: number };
      readonly blobDatabaseUrl: string;
      /** The blob store's own limit (BLOB_MAX_BYTES plus its headroom). */
      readonly storeLimit: number;
      readonly maxBytes: number;
      readonly maxInflatedBytes: number;
    }
  | ({ readonly kind: 'validate'; readonly pdf: Uint8Array } & ValidationTrustBytes)
  | ({
      /** A stored document or a staged upload, read by the worker from the blob store and validated there. */
      readonly kind: 'validate-stored';
      readonly document:
        { readonly sha256: string } | { readonly upload: { readonly id: string; readonly sha256: string; readonly sizeBytes: number } };
      readonly blobDatabaseUrl: string;
      /** The largest PDF the store may hold (a concluded one is its upload plus signatures). */
      readonly storeLimit: number;
    } & ValidationTrustBytes);

/** DER certificates and CRLs: the trust a validation report is made against. */
export interface ValidationTrustBytes {
  readonly roots: readonly Uint8Array[];
  readonly intermediates: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
}

/** A registered upload, as `signing.documents.prepare` answers. */
export interface RegisteredReply {
  readonly sha256: string;
  readonly bytes: number;
  readonly pageCount: number;
}

export interface PreparedReply {
  readonly pdf: Uint8Array;
  readonly sha256: string;
  readonly pageCount: number;
}

/**
 * A worker's answer to one job: its value; the refusal meant for the user;
 * a failure to read the file (`unexpected`: the file's problem, said as such);
 * or a failure of the platform around it (`internal`: the blob store).
 */
export type SandboxReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly refusal: ErrorReply }
  | { readonly ok: false; readonly unexpected: string }
  | { readonly ok: false; readonly internal: string };
