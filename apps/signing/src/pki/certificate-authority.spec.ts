import 'reflect-metadata';
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { CertificateAuthority } from './certificate-authority';
import { unwrapPrivateKey, wrapPrivateKey } from './private-key-wrap';

describe('CertificateAuthority', () => {
  let ca: CertificateAuthority;
  const tmp = tempDir();

  beforeAll(async () => {
    ca = await CertificateAuthority.create({ organization: 'inkan test', crlBaseUrl: 'https://inkan.example/crl' });
    tmp.file('root.pem', ca.root.toString('pem'));
    tmp.file('issuing.pem', ca.issuingCertificate.toString('pem'));
  });
  afterAll(() => tmp.remove());

  it('issues a signer certificate: company (O), department (OU), user (CN), RSA-2048, PAdES-friendly extensions', async () => {
    const issued = await ca.issueUserCertificate({
      companyName: '株式会社元請建設',
      userName: '山田 太郎',
      department: '購買部',
      validityDays: 730,
    });
    const certificate = issued.certificate;
    expect(certificate.subjectName.getField('O')).toEqual(['株式会社元請建設']);
    expect(certificate.subjectName.getField('OU')).toEqual(['購買部']);
    expect(certificate.subjectName.getField('CN')).toEqual(['山田 太郎']);
    expect(issued.privateKey.asymmetricKeyType).toBe('rsa');
    expect(issued.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);

    const keyUsage = certificate.getExtension(x509.KeyUsagesExtension)!;
    expect(keyUsage.critical).toBe(true);
    expect(keyUsage.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    expect(certificate.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual([x509.ExtendedKeyUsage.emailProtection]);
    expect(certificate.getExtension(x509.BasicConstraintsExtension)!.ca).toBe(false);
    const crlDp = certificate.getExtension(x509.CRLDistributionPointsExtension)!;
    expect(JSON.stringify(crlDp.distributionPoints)).toContain('https://inkan.example/crl/issuing-ca.crl');
    const ski = ca.issuingCertificate.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
    expect(certificate.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(ski);
    expect(certificate.getExtension(x509.SubjectKeyIdentifierExtension)).not.toBeNull();
    expect(certificate.notAfter.getTime() - certificate.notBefore.getTime()).toBe(730 * 86_400_000);

    const { status, output } = runTool('openssl', [
      'verify',
      '-CAfile',
      tmp.file('root.pem'),
      '-untrusted',
      tmp.file('issuing.pem'),
      '-purpose',
      'smimesign',
      tmp.file('user.pem', certificate.toString('pem')),
    ]);
    expect(output).toContain(': OK');
    expect(status).toBe(0);
  });

  it('issues ECDSA P-256 keys on request, and certificates without EKU', async () => {
    const issued = await ca.issueUserCertificate({
      companyName: 'A',
      userName: 'B',
      validityDays: 1,
      keyAlgorithm: 'ecdsa-p256',
      extendedKeyUsage: 'none',
    });
    expect(issued.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(issued.certificate.getExtension(x509.ExtendedKeyUsageExtension)).toBeNull();
  });

  it('issues a TSA certificate with a critical timeStamping EKU only', async () => {
    const tsa = await ca.issueTsaCertificate('inkan TSA', 365);
    const eku = tsa.certificate.getExtension(x509.ExtendedKeyUsageExtension)!;
    expect(eku.critical).toBe(true);
    expect(eku.usages).toEqual([x509.ExtendedKeyUsage.timeStamping]);
    expect(new X509Certificate(tsa.der).keyUsage).toEqual(['1.3.6.1.5.5.7.3.8']);
  });

  it('publishes a CRL naming revoked serials, signed by the issuing CA (openssl crl -verify)', async () => {
    const revoked = await ca.issueUserCertificate({ companyName: 'A', userName: 'Revoked', validityDays: 30 });
    const other = await ca.issueUserCertificate({ companyName: 'A', userName: 'Also revoked', validityDays: 30 });
    const { crl, pem } = await ca.createCrl(
      [
        { serialNumber: revoked.serialNumber, revokedAt: new Date(), reason: x509.X509CrlReason.keyCompromise },
        { serialNumber: other.serialNumber, revokedAt: new Date() },
      ],
      7,
    );
    expect(crl.entries.map((entry) => entry.serialNumber.toLowerCase())).toEqual([revoked.serialNumber, other.serialNumber]);
    const file = tmp.file('issuing.crl', pem);
    const { status, output } = runTool('openssl', ['crl', '-in', file, '-CAfile', tmp.file('issuing.pem'), '-noout', '-text']);
    expect(status).toBe(0);
    expect(output).toContain('verify OK');
    expect(output).toContain(revoked.serialNumber.toUpperCase());
    expect(output).toContain(other.serialNumber.toUpperCase());
    expect(output).toContain('Key Compromise');
    expect(output).toMatch(/X509v3 CRL Number:\s*\n\s*7/);
  });

  it('round-trips through PEM: a loaded CA keeps issuing certificates that chain to the same root', async () => {
    // As a deployment keeps it: the issuing key wrapped with the master key, unwrapped at start.
    const master = randomBytes(32);
    const pem = ca.toPem();
    const wrapped = wrapPrivateKey(createPrivateKey(pem.issuingPrivateKey), master, 'issuing-ca');
    const loaded = await CertificateAuthority.load(
      {
        rootCertificate: pem.rootCertificate,
        issuingCertificate: pem.issuingCertificate,
        issuingPrivateKey: unwrapPrivateKey(wrapped, master, 'issuing-ca'),
      },
      ca.crlBaseUrl,
    );
    const issued = await loaded.issueUserCertificate({ companyName: 'A', userName: 'Loaded', validityDays: 1 });
    const leaf = new X509Certificate(issued.der);
    expect(leaf.verify(new X509Certificate(Buffer.from(ca.issuingCertificate.rawData)).publicKey)).toBe(true);
    expect(loaded.root.equal(ca.root)).toBe(true);
    const other = await CertificateAuthority.create({ organization: 'other', crlBaseUrl: 'http://x' });
    await expect(CertificateAuthority.load({ ...ca.toPem(), rootCertificate: other.root.toString('pem') }, 'http://x')).rejects.toThrow(
      /not signed by the root/,
    );
  });
});
