import { ChainCheck } from './chain.verifier';
import { RevocationCheck } from './revocation.checker';
import { LaterChanges } from './revision-changes';
import { TimestampCheck } from './timestamp.verifier';

/** One signature, as a person reads it: who, whether intact, trusted, revoked, when, and what it covers. */
export interface SignatureReport {
  readonly index: number;
  /** A signer's signature, or a document (archive) timestamp of PAdES B-LTA. */
  readonly kind?: 'signature' | 'document-timestamp';
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
    readonly level: 'PAdES-B-T' | 'PAdES-B-B' | 'PAdES document timestamp' | 'not PAdES';
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
  /** Signers' signatures; document timestamps are counted apart (both are in `signatures`). */
  readonly signatureCount: number;
  readonly documentTimestampCount: number;
  /** True when there is at least one signature and every one is valid. */
  readonly allValid: boolean;
  readonly signatures: SignatureReport[];
  readonly longTerm: LongTermReport;
}

/**
 * The long-term level the file reaches (B-T: signature timestamps; B-LT: + a DSS; B-LTA: + document timestamps)
 * and whether its proof chain is unbroken up to the validation time: every signature timestamp is covered by a
 * document timestamp made while the earlier TSA certificate was still valid, and so on to the latest one, whose
 * TSA certificate is still valid now.
 */
export interface LongTermReport {
  readonly level: 'B-T' | 'B-LT' | 'B-LTA' | 'none';
  readonly documentTimestamps: number;
  readonly latestArchiveTimestamp?: string;
  /** The latest timestamp's TSA certificate end: the file proves the document until then (unless renewed). */
  readonly proofUntil?: string;
  readonly proofChain: { readonly unbroken: boolean; readonly problems: string[] };
}
