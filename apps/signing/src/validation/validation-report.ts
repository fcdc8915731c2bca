import { ChainCheck } from './chain.verifier';
import { RevocationCheck } from './revocation.checker';
import { LaterChanges } from './revision-changes';
import { TimestampCheck } from './timestamp.verifier';

/** One signature, as a person reads it: who, whether intact, trusted, revoked, when, and what it covers. */
export interface SignatureReport {
  readonly index: number;
  readonly fieldName?: string;
  /** valid: every check passed; invalid: one failed; indeterminate: nothing failed but something could not be decided (e.g. no CRL). */
  readonly status: 'valid' | 'invalid' | 'indeterminate';
  readonly summary: string;
  readonly signer?: {
    readonly commonName?: string;
    readonly organization?: string;
    readonly department?: string;
    readonly subject: string;
    readonly issuer: string;
    readonly serialNumber: string;
    readonly validFrom: string;
    readonly validTo: string;
  };
  readonly format: {
    readonly subFilter?: string;
    readonly level: 'PAdES-B-T' | 'PAdES-B-B' | 'not PAdES';
    readonly signingCertificateV2: 'absent' | 'matches' | 'mismatch';
    readonly signingTimeAttribute: boolean;
  };
  readonly integrity: { readonly intact: boolean; readonly digestMatches: boolean; readonly signatureValid: boolean };
  readonly signingTime: {
    readonly claimed?: string;
    readonly proven?: string;
    readonly usedForChecks: string;
    readonly basis: 'timestamp' | 'claimed' | 'validation time';
  };
  readonly chain: ChainCheck;
  readonly revocation: RevocationCheck;
  readonly timestamp: (TimestampCheck & { readonly present: true }) | { readonly present: false };
  readonly coverage: {
    readonly byteRange: [number, number, number, number];
    readonly coversWholeDocument: boolean;
    readonly revisionEnd: number;
    readonly laterChanges: LaterChanges;
  };
  readonly problems: string[];
}

export interface PdfValidationReport {
  readonly validatedAt: string;
  readonly fileSize: number;
  readonly sha256: string;
  readonly signatureCount: number;
  /** True when there is at least one signature and every one is valid. */
  readonly allValid: boolean;
  readonly signatures: SignatureReport[];
}
