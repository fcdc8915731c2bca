import type { ErrorReply } from '@app/contracts';

/** What the signing service asks of a sandbox worker: both take an untrusted PDF. */
export type SandboxJob =
  | { readonly kind: 'prepare'; readonly pdf: Uint8Array; readonly maxBytes: number; readonly maxInflatedBytes: number }
  | {
      readonly kind: 'validate';
      readonly pdf: Uint8Array;
      /** DER certificates and CRLs: the trust the report is made against. */
      readonly roots: readonly Uint8Array[];
      readonly intermediates: readonly Uint8Array[];
      readonly crls: readonly Uint8Array[];
    };

export interface PreparedReply {
  readonly pdf: Uint8Array;
  readonly sha256: string;
  readonly pageCount: number;
}

/** A worker's answer to one job: its value, or the refusal meant for the user (or, for a bug, a message to log). */
export type SandboxReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly refusal: ErrorReply }
  | { readonly ok: false; readonly unexpected: string };
