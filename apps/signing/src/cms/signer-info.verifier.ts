import { createHash, verify, X509Certificate } from 'node:crypto';
import { childrenOf, decodeOid, readElement } from '../asn1/der';
import { DigestAlgorithms, Oid } from '../asn1/oids';
import { certificateFields } from './certificate-fields';
import { SignedDataContent, SignerInfoContent } from './signed-data.reader';

/** What checking one SignerInfo found. Each flag is a separate finding so a report can say which part failed. */
export interface SignerInfoCheck {
  readonly signerCertificate?: X509Certificate;
  readonly signerCertificateDer?: Buffer;
  readonly contentDigestMatches: boolean;
  readonly signatureValid: boolean;
  readonly contentTypeMatches: boolean;
  readonly signingCertificateV2: 'absent' | 'matches' | 'mismatch';
  readonly hasSigningTime: boolean;
  readonly problems: string[];
}

export function findSignerCertificate(signedData: SignedDataContent, signerInfo: SignerInfoContent): Buffer | undefined {
  return signedData.certificates.find((der) => {
    const fields = certificateFields(der);
    return signerInfo.sidIssuer?.equals(fields.issuer) && signerInfo.sidSerial?.equals(fields.serial);
  });
}

function signingCertificateV2Status(
  signerInfo: SignerInfoContent,
  certificateDer: Buffer | undefined,
): SignerInfoCheck['signingCertificateV2'] {
  const value = signerInfo.signedAttributes.get(Oid.signingCertificateV2)?.[0];
  if (!value) {
    return 'absent';
  }
  if (!certificateDer) {
    return 'mismatch';
  }
  try {
    // SigningCertificateV2 ::= SEQ { certs SEQ OF ESSCertIDv2 }; the first names the signer.
    const essCertId = childrenOf(childrenOf(childrenOf(readElement(value))[0])[0]);
    let hashName = 'sha256';
    let i = 0;
    if (essCertId[0].tag === 0x30) {
      hashName = DigestAlgorithms[decodeOid(childrenOf(essCertId[0])[0].content)]?.name ?? 'unknown';
      i = 1;
    }
    if (hashName === 'unknown') {
      return 'mismatch';
    }
    const expected = createHash(hashName).update(certificateDer).digest();
    return expected.equals(essCertId[i].content) ? 'matches' : 'mismatch';
  } catch {
    // Not the structure it must be (a signature from anyone): it names no certificate.
    return 'mismatch';
  }
}

/**
 * Verifies one SignerInfo over content whose digest the caller computed (the
 * PDF byte range, or a TSTInfo), using the certificate the SignerInfo names.
 */
export function checkSignerInfo(signedData: SignedDataContent, signerInfo: SignerInfoContent, contentDigest: Buffer): SignerInfoCheck {
  const problems: string[] = [];
  const certificateDer = findSignerCertificate(signedData, signerInfo);
  const certificate = certificateDer ? new X509Certificate(certificateDer) : undefined;
  if (!certificate) {
    problems.push('the signer certificate is not included in the CMS');
  }
  const digestName = DigestAlgorithms[signerInfo.digestAlgorithm]?.name;
  const messageDigest = signerInfo.signedAttributes.get(Oid.messageDigest)?.[0];
  const contentDigestMatches = !!messageDigest && readElement(messageDigest).content.equals(contentDigest);
  if (!contentDigestMatches) {
    problems.push('the message digest does not match the signed content');
  }
  let signatureValid = false;
  if (certificate && digestName && signerInfo.signedAttributesSet) {
    try {
      signatureValid = verify(digestName, signerInfo.signedAttributesSet, certificate.publicKey, signerInfo.signature);
    } catch {
      signatureValid = false;
    }
  }
  if (!signatureValid) {
    problems.push('the signature value does not verify with the signer certificate');
  }
  const contentType = signerInfo.signedAttributes.get(Oid.contentType)?.[0];
  const contentTypeMatches = !!contentType && decodeOid(readElement(contentType).content) === signedData.eContentType;
  if (!contentTypeMatches) {
    problems.push('the content-type attribute is missing or wrong');
  }
  return {
    ...(certificate ? { signerCertificate: certificate, signerCertificateDer: certificateDer } : {}),
    contentDigestMatches,
    signatureValid,
    contentTypeMatches,
    signingCertificateV2: signingCertificateV2Status(signerInfo, certificateDer),
    hasSigningTime: signerInfo.signedAttributes.has(Oid.signingTime),
    problems,
  };
}
