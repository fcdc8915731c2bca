import { createHash, X509Certificate } from 'node:crypto';
import { AppConfig } from '@app/config';
import { SigningEngine } from '../src/engine/signing-engine';
import { LongTermExtender, LongTermResult } from '../src/long-term/long-term-extension';
import { appendUpdate, firstPageRef, objectBody, readDss, readTail } from '../src/long-term/pdf-update';
import { preparePdfForSigning } from '../src/pades/pdf-preparation';
import { IssuedCertificate } from '../src/pki/certificate-authority';
import { OcspResponder } from '../src/pki/ocsp-responder';
import { PlatformCaService } from '../src/platform/platform-ca.service';
import { extractSignatures } from '../src/validation/embedded-signature.extractor';
import { validatePdfSignatures } from '../src/validation/pdf-signature.validator';
import { nssDatabaseTrusting, runTool, samplePdf, signatureParts, tempDir } from './signing-fixtures';

const DAY_MS = 86_400_000;

/** PAdES B-LTA as the platform makes it at conclusion and at each renewal, checked by pdfsig, qpdf, openssl and our validator. */
describe('LongTermExtender: DSS and document timestamp (PAdES B-LTA)', () => {
  const tmp = tempDir();
  let engine: SigningEngine;
  let sender: IssuedCertificate;
  let receiver: IssuedCertificate;
  let extender: LongTermExtender;
  let twoParty: Buffer;
  let first: LongTermResult;
  let second: LongTermResult;
  let nssdb: string;
  const crl = async () => (await engine.ca.createCrl([], 1)).der;
  const validate = async (pdf: Buffer, now?: Date) =>
    validatePdfSignatures(pdf, {
      roots: [new X509Certificate(Buffer.from(engine.ca.root.rawData))],
      crls: [await crl()],
      ...(now ? { now } : {}),
    });
  const pdfsig = (name: string, pdf: Buffer) => runTool('pdfsig', ['-nssdir', nssdb, tmp.file(name, pdf)]);

  beforeAll(async () => {
    engine = await SigningEngine.createFresh('inkan long-term test', 'http://127.0.0.1:3000/api/signing/crl');
    sender = await engine.ca.issueUserCertificate({ companyName: '株式会社元請建設', userName: '山田 太郎', validityDays: 365 });
    receiver = await engine.ca.issueUserCertificate({
      companyName: '有限会社下請工業',
      userName: '佐藤 花子',
      validityDays: 365,
      keyAlgorithm: 'ecdsa-p256',
    });
    const issuingDer = Buffer.from(engine.ca.issuingCertificate.rawData);
    const responder = new OcspResponder([
      { certificate: issuingDer, privateKey: engine.ca.issuingPrivateKey, status: () => Promise.resolve({ status: 'good' }) },
    ]);
    // The platform's parts the extender uses, with the real engine, responder and CRL (no database needed here).
    const platform = { engine, ocspResponseFor: (der: Buffer) => responder.responseFor(der), currentCrl: crl };
    extender = new LongTermExtender(platform as unknown as PlatformCaService, { LONG_TERM_ALGORITHM_HORIZON: '2040-12-31' } as AppConfig);
    const registered = (await preparePdfForSigning(await samplePdf(2))).pdf;
    const bySender = await engine.signerFor(engine.identity(sender.privateKey, sender.der)).sign(registered, { name: 'U000001' });
    twoParty = await engine.signerFor(engine.identity(receiver.privateKey, receiver.der)).sign(bySender, { name: 'U000002' });
    first = await extender.extend(twoParty);
    second = await extender.extend(first.pdf);
    tmp.file('root.pem', engine.ca.root.toString('pem'));
    tmp.file('issuing.pem', engine.ca.issuingCertificate.toString('pem'));
    nssdb = nssDatabaseTrusting(tmp.dir, engine.ca.root.toString('pem'));
  });

  afterAll(() => tmp.remove());

  it('appends one revision: the signed file stays its prefix, byte for byte', () => {
    expect(first.pdf.subarray(0, twoParty.length).equals(twoParty)).toBe(true);
    expect(second.pdf.subarray(0, first.pdf.length).equals(first.pdf)).toBe(true);
    expect(first.level).toBe('B-LTA');
    const tsaEnd = new Date(new X509Certificate(engine.tsaCertificate).validTo);
    expect(first.proofUntil.toISOString()).toBe(
      (tsaEnd < new Date('2040-12-31T23:59:59.999Z') ? tsaEnd : new Date('2040-12-31T23:59:59.999Z')).toISOString(),
    );
    expect(second.archiveTimestampAt.getTime()).toBeGreaterThanOrEqual(first.archiveTimestampAt.getTime());
  });

  it('pdfsig: both signatures valid and trusted, the document timestamps listed with their TSA', () => {
    for (const [name, pdf, stamps] of [
      ['lta-1.pdf', first.pdf, 1],
      ['lta-2.pdf', second.pdf, 2],
    ] as const) {
      const { status, output } = pdfsig(name, pdf);
      expect(status).toBe(0);
      const blocks = output.split(/Signature #\d+:/).slice(1);
      expect(blocks).toHaveLength(2 + stamps);
      for (const block of blocks.slice(0, 2)) {
        expect(block).toContain('Signature Validation: Signature is Valid.');
        expect(block).toContain('Certificate Validation: Certificate is Trusted.');
      }
      // poppler 22 lists a document timestamp (ETSI.RFC3161) with its TSA and range but does not validate that type.
      for (const [i, block] of blocks.slice(2).entries()) {
        expect(block).toContain(`Signature Field Name: inkan archive timestamp ${i + 1}`);
        expect(block).toContain('Signer Certificate Common Name: inkan long-term test Time-Stamping Authority');
      }
      // After the last document timestamp only its own validation data follows (a CRL and OCSP answer made after it).
      expect(blocks[blocks.length - 1]).toContain('Not total document signed');
    }
  });

  it('qpdf --check accepts both files without a warning', () => {
    for (const [name, pdf] of [
      ['q1.pdf', first.pdf],
      ['q2.pdf', second.pdf],
    ] as const) {
      const { status, output } = runTool('qpdf', ['--check', tmp.file(name, pdf)]);
      expect({ status, output }).toEqual({
        status: 0,
        output: expect.stringContaining('No syntax or stream encoding errors found') as string,
      });
      expect(output).not.toMatch(/WARNING/i);
    }
  });

  it('openssl ts -verify accepts every timestamp: both signature timestamps and each document timestamp over its byte range', () => {
    const verify = (name: string, data: Buffer, token: Buffer) =>
      runTool('openssl', [
        'ts',
        '-verify',
        '-data',
        tmp.file(`${name}.data`, data),
        '-in',
        tmp.file(`${name}.tst`, token),
        '-token_in',
        '-CAfile',
        tmp.file('root.pem'),
        '-untrusted',
        tmp.file('issuing.pem'),
      ]);
    const signatures = signatureParts(twoParty);
    signatures.forEach((part, i) => {
      expect(verify(`sig-${i}`, part.signatureValue, part.token as Buffer).output).toContain('Verification: OK');
    });
    const stamps = extractSignatures(second.pdf).filter((entry) => entry.type === 'DocTimeStamp');
    expect(stamps).toHaveLength(2);
    stamps.forEach((stamp, i) => {
      const [a, b, c, d] = stamp.byteRange;
      const covered = Buffer.concat([second.pdf.subarray(a, a + b), second.pdf.subarray(c, c + d)]);
      expect(verify(`doc-${i}`, covered, stamp.cms).output).toContain('Verification: OK');
      covered[10] ^= 1;
      expect(verify(`doc-${i}-changed`, covered, stamp.cms).output).toContain('Verification: FAILED');
    });
  });

  it('the DSS holds every certificate of both chains and the TSA, the CRL, and a good OCSP answer per end-entity certificate', () => {
    const dss = readDss(second.pdf);
    const fingerprints = new Set(dss.certs.map((der) => createHash('sha256').update(der).digest('hex')));
    for (const der of [sender.der, receiver.der, engine.tsaCertificate, ...engine.ca.chainDer()]) {
      expect(fingerprints.has(createHash('sha256').update(der).digest('hex'))).toBe(true);
    }
    // Merged, never repeated: the second update adds no certificate the first had.
    expect(dss.certs).toHaveLength(fingerprints.size);
    expect(dss.crls.length).toBeGreaterThanOrEqual(1);
    const crlText = runTool('openssl', [
      'crl',
      '-inform',
      'DER',
      '-in',
      tmp.file('dss.crl', dss.crls[0]),
      '-CAfile',
      tmp.file('issuing-chain.pem', `${engine.ca.issuingCertificate.toString('pem')}\n${engine.ca.root.toString('pem')}\n`),
      '-noout',
    ]);
    expect(crlText.output).toContain('verify OK');
    const answered = new Set<string>();
    dss.ocsps.forEach((der, i) => {
      const text = runTool('openssl', ['ocsp', '-respin', tmp.file(`ocsp-${i}.der`, der), '-resp_text', '-noverify']).output;
      expect(text).toContain('Cert Status: good');
      answered.add(/Serial Number: ([0-9A-F]+)/.exec(text)?.[1] ?? '');
    });
    for (const der of [sender.der, receiver.der, engine.tsaCertificate]) {
      expect(answered.has(new X509Certificate(der).serialNumber.toUpperCase().replace(/^(00)+(?=..)/, ''))).toBe(true);
    }
  });

  it('our validator: every signature and document timestamp valid, level B-LTA, proof chain unbroken', async () => {
    const report = await validate(second.pdf);
    expect(report.signatures.map((entry) => [entry.kind, entry.status])).toEqual([
      ['signature', 'valid'],
      ['signature', 'valid'],
      ['document-timestamp', 'valid'],
      ['document-timestamp', 'valid'],
    ]);
    expect(report).toMatchObject({ allValid: true, signatureCount: 2, documentTimestampCount: 2 });
    expect(report.longTerm).toMatchObject({
      level: 'B-LTA',
      documentTimestamps: 2,
      latestArchiveTimestamp: second.archiveTimestampAt.toISOString(),
      proofChain: { unbroken: true, problems: [] },
    });
    expect(report.signatures[2].coverage.laterChanges.verdict).toBe('signatures-and-validation-data');
    expect(report.signatures[3].coverage.laterChanges).toMatchObject({ verdict: 'signatures-and-validation-data' });
    expect(report.signatures[3].revocation.status).toBe('good');
  });

  it('validates from the file alone (no CRL given): the DSS’s CRL and OCSP answers decide every revocation', async () => {
    const report = await validatePdfSignatures(second.pdf, { roots: [new X509Certificate(Buffer.from(engine.ca.root.rawData))] });
    expect(report.signatures.map((entry) => [entry.kind, entry.status, entry.revocation.status])).toEqual([
      ['signature', 'valid', 'good'],
      ['signature', 'valid', 'good'],
      ['document-timestamp', 'valid', 'good'],
      ['document-timestamp', 'valid', 'good'],
    ]);
    // The latest document timestamp's TSA certificate: a CRL of its second, or the OCSP answer made right after it.
    const latest = report.signatures[3];
    const evidence = latest.revocation.ocspProducedAt ?? latest.revocation.crlThisUpdate;
    expect(Date.parse(evidence as string)).toBeGreaterThanOrEqual(Math.floor(Date.parse(latest.signingTime.usedForChecks) / 1000) * 1000);
  });

  it('a signer certificate that ended after the archive timestamp leaves the document VALID (checked at the proven times)', async () => {
    const afterSignerEnd = new Date(new Date(new X509Certificate(sender.der).validTo).getTime() + 30 * DAY_MS);
    const report = await validate(second.pdf, afterSignerEnd);
    expect(report.allValid).toBe(true);
    expect(report.longTerm.proofChain.unbroken).toBe(true);
  });

  it('levels: B-T for the signed file, broken proof once its signature timestamps ended without an archive timestamp', async () => {
    const tsaEnd = new Date(new X509Certificate(engine.tsaCertificate).validTo);
    expect((await validate(twoParty)).longTerm).toMatchObject({ level: 'B-T', documentTimestamps: 0, proofChain: { unbroken: true } });
    const later = await validate(twoParty, new Date(tsaEnd.getTime() + DAY_MS));
    expect(later.longTerm.proofChain.unbroken).toBe(false);
    expect(later.longTerm.proofChain.problems.join(' ')).toContain('no later document timestamp covers it');
  });

  it('a byte changed in a signed range: the document timestamps are invalid, with the reason', async () => {
    const tampered = Buffer.from(second.pdf);
    // A digit of the first revision's /ModDate: the file still parses, only what was stamped differs.
    const at = tampered.indexOf('/ModDate (D:') + '/ModDate (D:'.length;
    tampered.write(tampered[at] === 0x31 ? '2' : '1', at, 'latin1');
    const report = await validate(tampered);
    expect(report.allValid).toBe(false);
    const stamps = report.signatures.filter((entry) => entry.kind === 'document-timestamp');
    for (const stamp of stamps) {
      expect(stamp.status).toBe('invalid');
      expect(stamp.problems).toContain('the document timestamp does not match the document: the bytes it covers were changed');
    }
    expect(report.longTerm.proofChain.unbroken).toBe(false);
  });

  it('a revision after the document timestamp that changes page content: invalid, with the reason', async () => {
    const tail = readTail(second.pdf);
    // The first page's content stream, replaced by an incremental update (what an editor would append).
    const page = objectBody(second.pdf, tail, firstPageRef(second.pdf)) ?? '';
    const streamRef = /\/Contents\s+(?:\[\s*)?(\d+)\s+\d+\s+R/.exec(page)?.[1];
    expect(streamRef).toBeDefined();
    const { pdf: edited } = appendUpdate(second.pdf, tail, [
      { number: Number(streamRef), stream: Buffer.from('BT /F1 24 Tf 72 700 Td (Amount: 1 yen) Tj ET') },
    ]);
    const report = await validate(edited);
    expect(report.allValid).toBe(false);
    const latest = report.signatures[report.signatures.length - 1];
    expect(latest.kind).toBe('document-timestamp');
    expect(latest.status).toBe('invalid');
    expect(latest.problems).toContain(
      'the document was modified after this document timestamp (beyond adding signatures or validation data)',
    );
    expect(latest.coverage.laterChanges.verdict).toBe('other-changes');
  });
});
