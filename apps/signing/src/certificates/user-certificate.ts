import { X509Certificate } from 'node:crypto';
import { AppConfig } from '@app/config';
import { certificates } from '../database/signing.schema';
import { SigningEngine } from '../engine/signing-engine';
import { wrapPrivateKey } from '../pki/private-key-wrap';

export type CertificateRecord = typeof certificates.$inferInsert;

/** Whom a certificate is for: its subject is company, department and name. */
export interface CertificateSubject {
  companyId: string;
  companyName: string;
  department: string;
  name: string;
  email: string;
}

/**
 * A signer's certificate from the platform CA with a key pair made here, as
 * the row to store: the private key only wrapped with SIGNING_MASTER_KEY.
 */
export async function issueUserCertificate(
  engine: SigningEngine,
  config: Pick<AppConfig, 'SIGNING_MASTER_KEY' | 'SIGNING_CERT_VALIDITY_DAYS' | 'SIGNING_KEY_ALGORITHM'>,
  subject: CertificateSubject,
  issuedBy: string,
): Promise<CertificateRecord> {
  const issued = await engine.ca.issueUserCertificate({
    companyName: subject.companyName,
    department: subject.department,
    userName: subject.name,
    email: subject.email,
    validityDays: config.SIGNING_CERT_VALIDITY_DAYS,
    keyAlgorithm: config.SIGNING_KEY_ALGORITHM,
  });
  const serialNumber = issued.serialNumber.toUpperCase();
  const x509 = new X509Certificate(issued.der);
  const masterKey = Buffer.from(config.SIGNING_MASTER_KEY, 'base64');
  return {
    serialNumber,
    companyId: subject.companyId,
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    certificateDer: issued.der.toString('base64'),
    privateKeyWrapped: wrapPrivateKey(issued.privateKey, masterKey, `user:${serialNumber}`).toString('base64'),
    keyAlgorithm: config.SIGNING_KEY_ALGORITHM,
    fingerprintSha256: x509.fingerprint256,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    issuedBy,
  };
}
