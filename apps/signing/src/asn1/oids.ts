/** Object identifiers used by the CMS, TSP and PAdES code. */
export const Oid = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecPublicKey: '1.2.840.10045.2.1',
  ekuTimeStamping: '1.3.6.1.5.5.7.3.8',
  ekuEmailProtection: '1.3.6.1.5.5.7.3.4',
} as const;

/** Digest algorithms accepted in timestamp requests, with node:crypto's names and digest sizes. */
export const DigestAlgorithms: Record<string, { name: string; size: number }> = {
  [Oid.sha256]: { name: 'sha256', size: 32 },
  [Oid.sha384]: { name: 'sha384', size: 48 },
  [Oid.sha512]: { name: 'sha512', size: 64 },
};
