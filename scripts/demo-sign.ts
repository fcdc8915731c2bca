import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sampleContractPdf } from '@apps/signing/src/demo/sample-contract.pdf';
import { SigningEngine } from '@apps/signing/src/engine/signing-engine';
import { preparePdfForSigning } from '@apps/signing/src/pades/pdf-preparation';

/**
 * `npm run demo:sign -- --out DIR`: a fresh CA and TSA, a sender and a
 * receiver certificate, the sample contract signed by the sender and then the
 * receiver through the engine the signing service uses. Writes
 * DIR/two-party.pdf, DIR/root-ca.pem (trust it to check the PDF) and the
 * validation report. Check with:
 *   certutil -N -d sql:DB --empty-password
 *   certutil -A -d sql:DB -n inkan -t CT,C,C -i DIR/root-ca.pem
 *   pdfsig -nssdir sql:DB DIR/two-party.pdf
 */
async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--out');
  const out = at === -1 ? undefined : argv[at + 1];
  if (!out) {
    console.error('usage: npm run demo:sign -- --out DIR');
    return 64;
  }
  mkdirSync(out, { recursive: true });
  const engine = await SigningEngine.createFresh('inkan demo', 'http://127.0.0.1:3000/api/signing/crl');
  const sender = await engine.ca.issueUserCertificate({
    companyName: '株式会社元請建設',
    department: '工事部',
    userName: '山田 太郎',
    validityDays: 365,
  });
  const receiver = await engine.ca.issueUserCertificate({
    companyName: '有限会社下請工業',
    department: '営業部',
    userName: '佐藤 花子',
    validityDays: 365,
  });

  const registered = await preparePdfForSigning(await sampleContractPdf());
  const bySender = await engine
    .signerFor(engine.identity(sender.privateKey, sender.der))
    .sign(registered.pdf, { reason: 'Contract (sender)' });
  const byBoth = await engine
    .signerFor(engine.identity(receiver.privateKey, receiver.der))
    .sign(bySender, { reason: 'Contract (receiver)' });

  const { der: crl, pem: crlPem } = await engine.ca.createCrl([], 1);
  const report = await engine.validate(byBoth, [crl]);
  writeFileSync(path.join(out, 'two-party.pdf'), byBoth);
  writeFileSync(path.join(out, 'root-ca.pem'), engine.ca.root.toString('pem'));
  writeFileSync(path.join(out, 'issuing-ca.pem'), engine.ca.issuingCertificate.toString('pem'));
  writeFileSync(path.join(out, 'issuing-ca.crl'), crlPem);
  writeFileSync(path.join(out, 'validation-report.json'), `${JSON.stringify(report, null, 2)}\n`);

  console.log(`demo:sign: registered original ${registered.sha256} (${registered.pdf.length} bytes)`);
  for (const signature of report.signatures) {
    console.log(`demo:sign: ${signature.status.toUpperCase()} — ${signature.summary}`);
  }
  console.log(
    `demo:sign: wrote ${['two-party.pdf', 'root-ca.pem', 'issuing-ca.pem', 'issuing-ca.crl', 'validation-report.json'].map((f) => path.join(out, f)).join(', ')}`,
  );
  if (hasPdfsig()) {
    console.log(
      `demo:sign: check it: certutil -N -d sql:DB --empty-password && certutil -A -d sql:DB -n inkan -t CT,C,C -i ${path.join(out, 'root-ca.pem')} && pdfsig -nssdir sql:DB ${path.join(out, 'two-party.pdf')}`,
    );
  }
  return report.allValid ? 0 : 1;
}

function hasPdfsig(): boolean {
  try {
    execFileSync('pdfsig', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo:sign: failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
