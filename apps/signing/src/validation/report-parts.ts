import { createHash, X509Certificate } from 'node:crypto';
import { subjectLine } from './chain.verifier';
import { EmbeddedSignature } from './embedded-signature.extractor';
import { LaterChanges } from './revision-changes';
import { RevocationCheck } from './revocation.checker';
import { SignatureReport } from './validation-report';

/** One attribute of a certificate's subject (CN, O, OU), as Node prints it. */
export function subjectField(certificate: X509Certificate, name: string): string | undefined {
  return certificate.subject
    .split('\n')
    .find((line) => line.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

/** The signer (or TSA) of a report entry as a person reads it. */
export function signerOf(certificate: X509Certificate): NonNullable<SignatureReport['signer']> {
  const commonName = subjectField(certificate, 'CN');
  const organization = subjectField(certificate, 'O');
  const department = subjectField(certificate, 'OU');
  return {
    ...(commonName ? { commonName } : {}),
    ...(organization ? { organization } : {}),
    ...(department ? { department } : {}),
    subject: subjectLine(certificate),
    issuer: certificate.issuer.split('\n').join(', '),
    serialNumber: certificate.serialNumber,
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
  };
}

/** The end every summary shares: intact, chain, revocation, what it covers. */
export function checksSummary(intact: boolean, trusted: boolean, revocation: RevocationCheck, changes: LaterChanges): string {
  return (
    `${intact ? 'intact' : 'NOT intact'}, chain ${trusted ? 'trusted' : 'NOT trusted'}, revocation ${revocation.status}, ` +
    `${changes.verdict === 'none' ? 'covers the whole document' : `covers an earlier revision; later changes: ${changes.verdict}`}.`
  );
}

/** The digest of the two byte ranges a signature or document timestamp covers. */
export function digestOfRange(pdf: Buffer, [a, b, c, d]: EmbeddedSignature['byteRange'], algorithm: string): Buffer {
  return createHash(algorithm)
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, c + d))
    .digest();
}
