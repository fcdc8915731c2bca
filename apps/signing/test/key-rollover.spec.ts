import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { databaseUrlFor } from '@app/config';
import { DatabaseHandle, openDatabase } from '@app/db';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { authorityKeys } from '@apps/signing/src/database/signing.schema';
import { SigningEngine } from '@apps/signing/src/engine/signing-engine';
import { preparePdfForSigning } from '@apps/signing/src/pades/pdf-preparation';
import { IssuedCertificate } from '@apps/signing/src/pki/certificate-authority';
import { unwrapPrivateKey } from '@apps/signing/src/pki/private-key-wrap';
import { loadPlatformCa } from '@apps/signing/src/platform/platform-ca.store';
import { rollOverIfDue, RolloverOptions, rolloverPolicy } from '@apps/signing/src/platform/platform-keys';
import { parseTimestampToken } from '@apps/signing/src/tsa/timestamp-token.reader';
import { verifyTimestampToken } from '@apps/signing/src/validation/timestamp.verifier';
import { migrateAll } from '@scripts/migrate';
import { nssDatabaseTrusting, runTool, samplePdf, tempDir } from './signing-fixtures';

const DAY_MS = 86_400_000;

/** The TSA certificate inside a token (the first certificate is the signer's: our TSA puts it first). */
function tokenSigner(token: Buffer): X509Certificate {
  return new X509Certificate(parseTimestampToken(token).signedData.certificates[0]);
}

/** `npm run pki:rollover` as an operator runs it, against this test's database. */
function pkiRollover(databaseUrl: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/pki-rollover.ts', ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', LOG_LEVEL: 'warn' }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error.code as number | undefined) ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/**
 * TSA and issuing-CA key rollover against the real PostgreSQL, with a clock that starts 400 days in the past: the
 * platform's keys are made then, and "now" is past the TSA key's 365-day use period. Tokens and signatures are
 * checked with openssl, pdfsig and the platform's own validator.
 */
describe('key rollover of the platform TSA and issuing CA', () => {
  const config = testConfig();
  const tmp = tempDir();
  let database: DatabaseHandle;
  let now = new Date(Date.now() - 400 * DAY_MS);
  const clock = () => now;
  let engine: SigningEngine;
  let options: RolloverOptions;
  const before = createHash('sha256').update('stamped before the rollover').digest();
  let oldToken: Buffer;
  let oldSigner: IssuedCertificate;
  let pdfBefore: Buffer;

  const verifyWithOpenssl = (name: string, token: Buffer, digest: Buffer) =>
    runTool('openssl', [
      'ts',
      '-verify',
      '-token_in',
      '-in',
      tmp.file(`${name}.der`, token),
      '-digest',
      digest.toString('hex'),
      '-CAfile',
      tmp.file('root.pem', engine.ca.root.toString('pem')),
      '-untrusted',
      tmp.file('issuing.pem', engine.issuingAuthorities.map((ca) => ca.issuingCertificate.toString('pem')).join('\n')),
    ]);
  const roots = () => [new X509Certificate(Buffer.from(engine.ca.root.rawData))];
  const sign = async (issued: IssuedCertificate) =>
    engine.signerFor(engine.identity(issued.privateKey, issued.der)).sign((await preparePdfForSigning(await samplePdf(1))).pdf);
  let nssdb: string | undefined;
  const pdfsig = (name: string, pdf: Buffer) => {
    nssdb ??= nssDatabaseTrusting(tmp.dir, engine.ca.root.toString('pem'));
    return runTool('pdfsig', ['-nssdir', nssdb, tmp.file(name, pdf)]).output;
  };

  beforeAll(async () => {
    await createTestDatabase(config);
    await migrateAll(config, () => undefined);
    database = openDatabase(databaseUrlFor(config, 'signing'), { poolSize: 2 });
    engine = await loadPlatformCa(database.db, config, undefined, clock);
    options = { policy: rolloverPolicy(config), masterKey: Buffer.from(config.SIGNING_MASTER_KEY, 'base64'), clock };
  });

  afterAll(async () => {
    await database.close();
    await dropTestDatabase(config);
    tmp.remove();
  });

  it('issues nothing while the keys are inside their use periods', async () => {
    expect(config.SIGNING_TSA_KEY_USE_PERIOD_DAYS).toBe(365);
    expect(await rollOverIfDue(database.db, engine, options)).toEqual({});
    oldToken = await engine.timestamps.timestampSha256(before);
    oldSigner = await engine.ca.issueUserCertificate({ companyName: '株式会社 旧鍵', userName: '旧 一郎', validityDays: 730 });
    pdfBefore = await sign(oldSigner);
    expect(tokenSigner(oldToken).subject).toContain('CN=inkan Time-Stamping Authority');
  });

  it('rolls the TSA over once its use period nears its end; old and new tokens both verify', async () => {
    now = new Date();
    expect(await rollOverIfDue(database.db, engine, options)).toEqual({ tsa: 2 });
    expect(engine.tsaKeys.map((tsa) => tsa.generation)).toEqual([1, 2]);
    const after = createHash('sha256').update('stamped after the rollover').digest();
    const newToken = await engine.timestamps.timestampSha256(after);
    expect(tokenSigner(newToken).subject).toContain('CN=inkan Time-Stamping Authority G2');
    expect(tokenSigner(newToken).fingerprint256).not.toBe(tokenSigner(oldToken).fingerprint256);
    // The old certificate is valid for 11 years: what the old key stamped verifies long after it stopped stamping.
    const oldCertificate = tokenSigner(oldToken);
    expect(Date.parse(oldCertificate.validTo) - Date.parse(oldCertificate.validFrom)).toBe(config.SIGNING_TSA_CERT_VALIDITY_DAYS * DAY_MS);

    for (const [name, token, digest] of [
      ['old', oldToken, before],
      ['new', newToken, after],
    ] as const) {
      const openssl = verifyWithOpenssl(name, token, digest);
      expect({ name, output: openssl.output, status: openssl.status }).toEqual({
        name,
        output: expect.stringContaining('Verification: OK'),
        status: 0,
      });
      expect({ name, check: verifyTimestampToken(token, { sha256: digest }, roots()) }).toMatchObject({
        name,
        check: { valid: true, imprintMatches: true, signatureValid: true, timeStampingUsage: true },
      });
    }
    // The new key's wrapped copy is stored, never the key in clear.
    const [row] = await database.db.select().from(authorityKeys).where(eq(authorityKeys.kind, 'tsa'));
    const clear = engine.tsaKeys[1].authority;
    expect(row?.certificate).toContain('BEGIN CERTIFICATE');
    const unwrapped = unwrapPrivateKey(Buffer.from(row.keyWrapped, 'base64'), options.masterKey, 'tsa:g2');
    expect(row.keyWrapped).not.toContain(unwrapped.export({ type: 'pkcs8', format: 'der' }).toString('base64').slice(20, 60));
    expect(clear.certificate.equals(new X509Certificate(row.certificate).raw)).toBe(true);

    // Nothing more is due, and a signing process that starts now stamps with the new key.
    expect(await rollOverIfDue(database.db, engine, options)).toEqual({});
    const restarted = await loadPlatformCa(database.db, config, undefined, clock);
    expect(tokenSigner(await restarted.timestamps.timestampSha256(after)).subject).toContain('G2');
  });

  it('rolls the issuing CA over on demand; certificates of the old CA still validate (pdfsig, openssl, the platform)', async () => {
    expect(await rollOverIfDue(database.db, engine, { ...options, force: ['issuing-ca'] })).toEqual({ 'issuing-ca': 2 });
    expect(engine.ca.generation).toBe(2);
    expect(engine.ca.issuingCertificate.subject).toContain('CN=inkan Issuing CA G2');
    expect(engine.ca.issuingCrlUrl).toMatch(/\/issuing-ca-g2\.crl$/);
    const newSigner = await engine.ca.issueUserCertificate({ companyName: '株式会社 新鍵', userName: '新 二郎', validityDays: 730 });
    expect(new X509Certificate(newSigner.der).issuer).toContain('CN=inkan Issuing CA G2');
    // The old CA's signer signs again after the rollover: its chain is still its own issuing CA.
    const oldSignerAfter = await sign(oldSigner);
    const pdfAfter = await sign(newSigner);

    for (const [name, pdf] of [
      ['signed-before-ca-rollover.pdf', pdfBefore],
      ['old-ca-signer-after.pdf', oldSignerAfter],
      ['new-ca-signer.pdf', pdfAfter],
    ] as const) {
      const output = pdfsig(name, pdf);
      expect({ name, valid: output.includes('Signature is Valid.'), trusted: output.includes('Certificate is Trusted.') }).toEqual({
        name,
        valid: true,
        trusted: true,
      });
      const crls = await Promise.all(
        engine.issuingAuthorities.map(async (ca) => (await ca.createCrl([], 1, { thisUpdate: new Date(Date.now() + 1000) })).der),
      );
      const report = await engine.validate(pdf, crls);
      expect({ name, allValid: report.allValid, problems: report.signatures.map((signature) => signature.problems) }).toEqual({
        name,
        allValid: true,
        problems: [[]],
      });
    }
    for (const [name, issued, issuing] of [
      ['old', oldSigner, engine.issuingAuthorities[0]],
      ['new', newSigner, engine.issuingAuthorities[1]],
    ] as const) {
      const verified = runTool('openssl', [
        'verify',
        '-CAfile',
        tmp.file('root.pem', engine.ca.root.toString('pem')),
        '-untrusted',
        tmp.file(`${name}-issuing.pem`, issuing.issuingCertificate.toString('pem')),
        tmp.file(`${name}-user.pem`, new X509Certificate(issued.der).toString()),
      ]);
      expect({ name, output: verified.output.trim() }).toEqual({ name, output: expect.stringMatching(/: OK$/) });
    }
    // A TSA rolled over after the CA rollover is certified by the new CA; the earlier tokens keep verifying.
    expect(await rollOverIfDue(database.db, engine, { ...options, force: ['tsa'] })).toEqual({ tsa: 3 });
    const third = await engine.timestamps.timestampSha256(before);
    expect(tokenSigner(third).issuer).toContain('CN=inkan Issuing CA G2');
    expect(verifyWithOpenssl('third', third, before).output).toContain('Verification: OK');
    expect(verifyWithOpenssl('old-again', oldToken, before).output).toContain('Verification: OK');
  });

  it('two signing processes racing the same rollover store exactly one new key', async () => {
    const other = openDatabase(databaseUrlFor(config, 'signing'), { poolSize: 1 });
    try {
      const second = await loadPlatformCa(other.db, config, undefined, clock);
      const [a, b] = await Promise.all([
        rollOverIfDue(database.db, engine, { ...options, force: ['tsa'] }),
        rollOverIfDue(other.db, second, { ...options, force: ['tsa'] }),
      ]);
      expect([a, b].filter((result) => result.tsa !== undefined)).toEqual([{ tsa: 4 }]);
      const rows = await database.db.select({ n: count() }).from(authorityKeys).where(eq(authorityKeys.kind, 'tsa'));
      expect(rows[0]?.n).toBe(3);
      // Both end up stamping with the one stored key.
      expect(engine.tsaCertificate.equals(second.tsaCertificate)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('npm run pki:rollover in two processes at once, with the TSA due: one new key', async () => {
    const fresh = testConfig();
    await createTestDatabase(fresh);
    try {
      await migrateAll(fresh, () => undefined);
      const db = openDatabase(databaseUrlFor(fresh, 'signing'), { poolSize: 1 });
      try {
        // The platform's keys were made 400 days ago: the TSA key (365-day use period) is due, the CA (1461) is not.
        await loadPlatformCa(db.db, fresh, undefined, () => new Date(Date.now() - 400 * DAY_MS));
        const runs = await Promise.all([pkiRollover(fresh.DATABASE_URL, ['--due']), pkiRollover(fresh.DATABASE_URL, ['--due'])]);
        for (const run of runs) {
          expect({ code: run.code, output: run.output }).toEqual({ code: 0, output: expect.stringContaining('TSA G2 (stamps now)') });
        }
        const rolled = runs.map((run) => JSON.parse(run.output.split('\n')[0]) as { rolledOver: object }).map((line) => line.rolledOver);
        expect(rolled).toEqual(expect.arrayContaining([{ tsa: 2 }, {}]));
        const rows = await db.db.select({ kind: authorityKeys.kind, generation: authorityKeys.generation }).from(authorityKeys);
        expect(rows).toEqual([{ kind: 'tsa', generation: 2 }]);
        expect((await pkiRollover(fresh.DATABASE_URL, [])).code).toBe(64);
      } finally {
        await db.close();
      }
    } finally {
      await dropTestDatabase(fresh);
    }
  });
});
