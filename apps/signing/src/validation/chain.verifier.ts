import { X509Certificate } from 'node:crypto';

export interface ChainCheck {
  readonly trusted: boolean;
  /** Subjects from the end-entity up to the trust anchor, one line each. */
  readonly path: string[];
  readonly problems: string[];
}

const MAX_DEPTH = 6;

export function subjectLine(certificate: X509Certificate): string {
  return certificate.subject.split('\n').join(', ');
}

function validAt(certificate: X509Certificate, at: Date): boolean {
  return Date.parse(certificate.validFrom) <= at.getTime() && at.getTime() <= Date.parse(certificate.validTo);
}

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

/**
 * Builds and checks a path from `leaf` to one of `roots` through
 * `intermediates`, with every certificate valid at `at` (the signing time a
 * timestamp proves, not today: a long-term signature stays valid after its
 * certificate expires).
 */
export function verifyChain(
  leaf: X509Certificate,
  intermediates: readonly X509Certificate[],
  roots: readonly X509Certificate[],
  at: Date,
): ChainCheck {
  const path = [subjectLine(leaf)];
  const problems: string[] = [];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    if (!validAt(current, at)) {
      problems.push(`${subjectLine(current)} is not valid at ${at.toISOString()}`);
    }
    const root = roots.find((candidate) => issues(candidate, current));
    if (root) {
      if (!root.raw.equals(current.raw)) {
        path.push(subjectLine(root));
      }
      return { trusted: problems.length === 0, path, problems };
    }
    const next = intermediates.find((candidate) => candidate.ca && !candidate.raw.equals(current.raw) && issues(candidate, current));
    if (!next) {
      problems.push(`no trusted issuer found for ${subjectLine(current)}`);
      return { trusted: false, path, problems };
    }
    path.push(subjectLine(next));
    current = next;
  }
  problems.push('the certificate chain is too long');
  return { trusted: false, path, problems };
}
