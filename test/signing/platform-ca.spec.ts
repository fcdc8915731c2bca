import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError, Patterns, systemActor } from '@app/contracts';
import { openDatabase } from '@app/db';
import { ServiceClient } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, LogCapture, testConfig } from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';
import { CertificateAuthority } from '@apps/signing/src/pki/certificate-authority';
import { unwrapPrivateKey } from '@apps/signing/src/pki/private-key-wrap';
import { timestampQueryHandler } from '@apps/signing/src/tsa/timestamp-query.handler';
import { createTestPki } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';
import { activatedSigner } from './signing-flow';

const rpcFor = (config: ReturnType<typeof testConfig>) =>
  new ServiceClient({
    url: config.AMQP_URL,
    prefix: config.AMQP_PREFIX,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    timeoutMs: 30_000,
    reconnectSeconds: 1,
  });

describe('the platform CA', () => {
  it('is created once even when two signing instances start together, kept across restarts, and stored only wrapped', async () => {
    const config = testConfig();
    await createTestDatabase(config);
    const logs = new LogCapture();
    const rpc = rpcFor(config);
    try {
      const [first, second] = await Promise.all([
        startServiceInProcess('signing', config, logs),
        startServiceInProcess('signing', config, logs),
      ]);
      const before = await rpc.send(Patterns.signing.caCertificates, {}, { actor: systemActor('test') });
      await Promise.all([first.close(), second.close()]);
      const restarted = await startServiceInProcess('signing', config, logs);
      const after = await rpc.send(Patterns.signing.caCertificates, {}, { actor: systemActor('test') });
      await restarted.close();
      expect(after).toEqual(before);

      const database = openDatabase(config.DATABASE_URL, { poolSize: 1 });
      try {
        const rows = await database.pool.query<{ issuing_key_wrapped: string; tsa_key_wrapped: string; row: string }>(
          `SELECT issuing_key_wrapped, tsa_key_wrapped, row_to_json(c)::text AS row FROM signing.platform_ca c`,
        );
        expect(rows.rowCount).toBe(1);
        const masterKey = Buffer.from(config.SIGNING_MASTER_KEY, 'base64');
        const row = rows.rows[0];
        for (const [wrapped, context] of [
          [row.issuing_key_wrapped, 'ca:issuing'],
          [row.tsa_key_wrapped, 'tsa'],
        ] as const) {
          const clear = unwrapPrivateKey(Buffer.from(wrapped, 'base64'), masterKey, context)
            .export({ type: 'pkcs8', format: 'der' })
            .toString('base64');
          expect(row.row).not.toContain(clear.slice(20, 80));
          expect(logs.text()).not.toContain(clear.slice(20, 80));
        }
      } finally {
        await database.close();
      }
    } finally {
      await rpc.close();
      await deleteTopology(config);
      await dropTestDatabase(config);
    }
  });

  it('uses a CA given as files instead of creating one', async () => {
    const ca = await CertificateAuthority.create({ organization: 'Example Corp CA', crlBaseUrl: 'http://127.0.0.1/crl' });
    const pem = ca.toPem();
    const dir = mkdtempSync(path.join(tmpdir(), 'inkan-ca-'));
    const file = (name: string, content: string) => {
      writeFileSync(path.join(dir, name), content, { mode: 0o600 });
      return path.join(dir, name);
    };
    const config = testConfig({
      SIGNING_CA_ROOT_CERT_FILE: file('root.pem', pem.rootCertificate),
      SIGNING_CA_ISSUING_CERT_FILE: file('issuing.pem', pem.issuingCertificate),
      SIGNING_CA_ISSUING_KEY_FILE: file('issuing.key', pem.issuingPrivateKey),
    });
    await createTestDatabase(config);
    const rpc = rpcFor(config);
    try {
      const signing = await startServiceInProcess('signing', config, new LogCapture());
      const certificates = await rpc.send(Patterns.signing.caCertificates, {}, { actor: systemActor('test') });
      await signing.close();
      expect(certificates.rootPem.trim()).toBe(pem.rootCertificate.trim());
      expect(certificates.issuingPem.trim()).toBe(pem.issuingCertificate.trim());
    } finally {
      await rpc.close();
      rmSync(dir, { recursive: true, force: true });
      await deleteTopology(config);
      await dropTestDatabase(config);
    }
  });
});

describe('an external time-stamp authority by config', () => {
  let env: IdentityPlatform;
  let server: Server;
  let requests = 0;

  beforeAll(async () => {
    const pki = await createTestPki();
    const handle = timestampQueryHandler(pki.tsa);
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests += 1;
        void handle(Buffer.concat(chunks)).then((reply) => {
          response.writeHead(200, { 'content-type': 'application/timestamp-reply' });
          response.end(reply);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    env = await IdentityPlatform.start({ SIGNING_TSA_URL: `http://127.0.0.1:${port}/tsa` });
  });

  afterAll(async () => {
    await env?.close();
    server?.close();
  });

  it('timestamps every signature there, and refuses with 503 (nothing spent) when it is down', async () => {
    const flow = await activatedSigner(env, '株式会社 外部時刻', 'tsa-signer@example.jp');
    try {
      const document = await flow.document();
      const requestId = `doc-${randomUUID()}`;
      const signed = await flow.sign(requestId, document.sha256, await flow.signingPassword(requestId));
      expect(requests).toBe(1);
      const report = await flow.signer.post('/api/signing/validate', { sha256: signed.signedSha256 });
      expect(report.body.signatures[0].timestamp.present).toBe(true);
      expect(JSON.stringify(report.body.signatures[0].timestamp)).toContain('inkan test TSA');

      await new Promise<void>((resolve) => server.close(() => resolve()));
      const next = await flow.document(2);
      const offline = `doc-${randomUUID()}`;
      const password = await flow.signingPassword(offline);
      const refused = await flow.sign(offline, next.sha256, password).catch((error: AppError) => error.reply);
      expect(refused).toMatchObject({ code: 'TSA_UNAVAILABLE', status: 503 });
      const spent = await env.database.pool.query(`SELECT used_at FROM signing.signing_passwords WHERE request_id = $1`, [offline]);
      expect(spent.rows[0].used_at).toBeNull();
    } finally {
      await flow.rpc.close();
    }
  });
});
