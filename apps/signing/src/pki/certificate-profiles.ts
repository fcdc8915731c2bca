import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** Who a user certificate names: the company (O), the department (OU) and the person (CN). */
export interface UserSubject {
  readonly companyName: string;
  readonly userName: string;
  readonly department?: string;
  /** ISO 3166 country code; defaults to JP. */
  readonly country?: string;
}

export function userSubjectName(subject: UserSubject): x509.JsonName {
  const name: x509.JsonName = [{ C: [subject.country ?? 'JP'] }, { O: [subject.companyName] }];
  if (subject.department) {
    name.push({ OU: [subject.department] });
  }
  name.push({ CN: [subject.userName] });
  return name;
}

/**
 * A random positive 128-bit serial number in hex. Random serials need no
 * counter shared between processes, and RFC 5280 allows up to 20 octets.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/** Where a relying party finds the issuer's certificate (caIssuers) and asks about revocation (OCSP): RFC 5280 §4.2.2.1. */
export interface AuthorityAccess {
  readonly ocspUrl: string;
  readonly caIssuersUrl: string;
}

export function authorityInfoAccess(access: AuthorityAccess): x509.AuthorityInfoAccessExtension {
  return new x509.AuthorityInfoAccessExtension({
    ocsp: [new x509.GeneralName('url', access.ocspUrl)],
    caIssuers: [new x509.GeneralName('url', access.caIssuersUrl)],
  });
}

export async function caExtensions(
  publicKey: webcrypto.CryptoKey,
  issuer: x509.X509Certificate | undefined,
  pathLength: number | undefined,
  crlUrl: string | undefined,
  access?: AuthorityAccess,
): Promise<x509.Extension[]> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
  ];
  if (issuer) {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey));
  }
  if (crlUrl) {
    extensions.push(new x509.CRLDistributionPointsExtension([crlUrl]));
  }
  if (access) {
    extensions.push(authorityInfoAccess(access));
  }
  return extensions;
}

/**
 * End-entity extensions. pdfsig (NSS) checks email-signer usage, so a signer
 * certificate carries EKU emailProtection or no EKU at all; a timestamping
 * certificate carries only timeStamping, critical, as RFC 3161 requires.
 */
export async function endEntityExtensions(
  purpose: 'signer' | 'signer-without-eku' | 'timestamping',
  publicKey: webcrypto.CryptoKey,
  issuer: x509.X509Certificate,
  crlUrl: string,
  email?: string,
  access?: AuthorityAccess,
): Promise<x509.Extension[]> {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey),
    new x509.CRLDistributionPointsExtension([crlUrl]),
  ];
  if (access) {
    extensions.push(authorityInfoAccess(access));
  }
  if (purpose === 'signer') {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.emailProtection], false));
  } else if (purpose === 'timestamping') {
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.timeStamping], true));
  }
  if (email) {
    extensions.push(new x509.SubjectAlternativeNameExtension([{ type: 'email', value: email }]));
  }
  return extensions;
}
