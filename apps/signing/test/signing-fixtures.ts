import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { readElement } from '@apps/signing/src/asn1/der';
import { Oid } from '@apps/signing/src/asn1/oids';
import { addScannedAnnex } from '@apps/signing/src/demo/sample-contract.pdf';
import { parseSignedData } from '@apps/signing/src/cms/signed-data.reader';
import { SignerIdentity } from '@apps/signing/src/pades/cades-detached.signer';
import { CertificateAuthority, IssuedCertificate } from '@apps/signing/src/pki/certificate-authority';
import { DEFAULT_TSA_POLICY, TimeStampAuthority } from '@apps/signing/src/tsa/time-stamp-authority';
import { LocalTimestampSource } from '@apps/signing/src/tsa/timestamp-source';
import { extractSignatures } from '@apps/signing/src/validation/embedded-signature.extractor';

/** A fresh CA, TSA and two signers (sender RSA-2048, receiver ECDSA P-256), as the platform would have them. */
export async function createTestPki() {
  const ca = await CertificateAuthority.create({ organization: 'inkan test', crlBaseUrl: 'http://127.0.0.1:3000/crl' });
  const tsaCertificate = await ca.issueTsaCertificate('inkan test TSA', 3650);
  const tsa = new TimeStampAuthority({
    certificate: tsaCertificate.der,
    // Tokens carry the issuing CA too, so a token verifies on its own (openssl ts -verify, an auditor's tool).
    chain: [Buffer.from(ca.issuingCertificate.rawData)],
    privateKey: tsaCertificate.privateKey,
    policy: DEFAULT_TSA_POLICY,
  });
  const sender = await ca.issueUserCertificate({
    companyName: '株式会社元請建設',
    userName: '山田 太郎',
    department: '購買部',
    validityDays: 365,
  });
  const receiver = await ca.issueUserCertificate({
    companyName: '有限会社下請工業',
    userName: '佐藤 花子',
    validityDays: 365,
    keyAlgorithm: 'ecdsa-p256',
  });
  const chain = [Buffer.from(ca.issuingCertificate.rawData)];
  const identity = (issued: IssuedCertificate): SignerIdentity => ({ privateKey: issued.privateKey, certificate: issued.der, chain });
  return {
    ca,
    tsa,
    tsaCertificate,
    sender,
    receiver,
    identity,
    timestamps: new LocalTimestampSource(tsa),
    roots: [new X509Certificate(Buffer.from(ca.root.rawData))],
  };
}
export type TestPki = Awaited<ReturnType<typeof createTestPki>>;

/** A PDF as pdf-lib writes it by default: cross-reference stream and object streams. */
export async function samplePdf(pages = 1, options: { objectStreams?: boolean; padding?: number } = {}): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i += 1) {
    const page = document.addPage();
    page.drawText(`Subcontract agreement - page ${i + 1}`, { font, x: 50, y: 750, size: 14 });
  }
  if (options.padding) {
    // Incompressible bytes make the file large the way scanned pages do (an image, not an attachment: those are refused).
    const noise = createHash('sha512');
    const chunks: Buffer[] = [];
    for (let i = 0; chunks.length * 64 < options.padding; i += 1) {
      chunks.push(noise.copy().update(String(i)).digest());
    }
    addScannedAnnex(document, document.getPage(0), Buffer.concat(chunks));
  }
  return Buffer.from(await document.save({ useObjectStreams: options.objectStreams ?? true }));
}

export function tempDir(): { dir: string; file: (name: string, content?: Buffer | string) => string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'inkan-signing-'));
  return {
    dir,
    file: (name, content) => {
      const full = path.join(dir, name);
      if (content !== undefined) {
        writeFileSync(full, content);
      }
      return full;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a tool and returns its exit status and combined output (never throws on a non-zero exit). */
export function runTool(command: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** A throwaway NSS database trusting only `rootPem`, for `pdfsig -nssdir`. */
export function nssDatabaseTrusting(dir: string, rootPem: string): string {
  const db = `sql:${path.join(dir, 'nss')}`;
  execFileSync('mkdir', ['-p', path.join(dir, 'nss')]);
  execFileSync('certutil', ['-N', '-d', db, '--empty-password']);
  writeFileSync(path.join(dir, 'root.pem'), rootPem);
  execFileSync('certutil', ['-A', '-d', db, '-n', 'inkan test root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem')]);
  return db;
}

/** For each signature: the CMS, the bytes it signs, its signature value and timestamp token. */
export function signatureParts(pdf: Buffer) {
  return extractSignatures(pdf).map((signature) => {
    const [a, b, c, d] = signature.byteRange;
    const signerInfo = parseSignedData(signature.cms).signerInfos[0];
    const token = signerInfo.unsignedAttributes.get(Oid.signatureTimeStampToken)?.[0];
    return {
      cms: signature.cms,
      signedBytes: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]),
      signatureValue: signerInfo.signature,
      token: token ? Buffer.from(readElement(token).raw) : undefined,
      signedAttributeTypes: [...signerInfo.signedAttributes.keys()],
    };
  });
}
