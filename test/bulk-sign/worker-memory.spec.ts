import { eventually } from '@app/testing';
import { nssDatabaseTrusting, runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { sampleContractPdf } from '@apps/signing/src/demo/sample-contract.pdf';
import { SIGNING_WORKER_NODE_OPTIONS } from '@apps/signing/src/worker-node-options';
import { awaitingReceipt, BULK_TEST_SETTINGS, bulkSigningPassword, completed, copiesOf, WorkerProcess } from './bulk-fixture';
import { CrashScenario } from './crash-scenario';

const DOCUMENTS = 6;
const WITHOUT_OPTIONS = 'signing-worker started without its Node.js options';
/** An annex of drawings: each document is a little over 4 MB. */
const ANNEX_BYTES = 4 * 1024 * 1024;
/** Six such documents signed: half a minute idle, minutes at a load of 20 and more. */
const SESSION_WITHIN_MS = 240_000;
// A platform, twelve such documents, two sessions and pdfsig in one test: more than jest's bound for the others.
jest.setTimeout(600_000);
/**
 * Registering and signing 4 MB documents takes seconds idle and several times that on a busy machine: room for it
 * (the PDF sandbox's deadline, below the scenario's 60 s RPC wait, and a job's lock), so that what is measured is
 * the memory, not the machine's load.
 */
const LARGE_PDF_SETTINGS = { ...BULK_TEST_SETTINGS, PDF_SANDBOX_TIMEOUT_MS: '30000', BULK_SIGN_LOCK_MS: '30000' };

interface MemoryPeak {
  bytes: number;
  documents: number;
  limitBytes: number;
}

/**
 * What a worker reported for a session: the most its documents held at once. The report is a log line of
 * another process, which can arrive after the session shows COMPLETED: waited for, not read once.
 */
async function memoryPeakOf(worker: WorkerProcess, sessionId: string): Promise<MemoryPeak> {
  const line = await eventually(
    async () => worker.logs.split('\n').find((text) => text.includes('bulk-sign session processed') && text.includes(sessionId)),
    30_000,
  ).catch(() => {
    throw new Error(`the worker did not report session ${sessionId}:\n${worker.logs}`);
  });
  return (JSON.parse(line) as { memoryPeak: MemoryPeak }).memoryPeak;
}

describe('bulk signing: a signing worker holds at most BULK_SIGN_MEMORY_MB of PDFs at once', () => {
  let scenario: CrashScenario | undefined;
  const tmp = tempDir();

  afterEach(async () => {
    await scenario?.close();
  });

  afterAll(() => tmp.remove());

  it('signs large PDFs one at a time within a small budget, side by side within the default one, all valid', async () => {
    scenario = await CrashScenario.start(LARGE_PDF_SETTINGS);
    const { env, parties } = scenario;
    const { bulkUser } = parties;
    const pdf = (await sampleContractPdf({ annexBytes: ANNEX_BYTES })).toString('base64');
    const [original] = await awaitingReceipt(env, parties, bulkUser, 1, '図面付き工事請負契約', pdf);
    const copies = await copiesOf(env, original.contractId, 2 * DOCUMENTS - 1);
    const batches = [[original.contractId, ...copies.slice(0, DOCUMENTS - 1)], copies.slice(DOCUMENTS - 1)];

    /** Selects and executes one batch before any worker runs, so that all its jobs are waiting when one starts. */
    const executed = async (contractIds: string[]): Promise<string> => {
      const mark = env.smtp.messages.length;
      const session = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds });
      expect(session.status).toBe(201);
      const password = await bulkSigningPassword(env, bulkUser, [], mark);
      await scenario!.execute(session.body.sessionId, password);
      return session.body.sessionId;
    };

    // 32 MiB holds one such document (four times its PDF), not two: they are signed one after the other.
    const small = await executed(batches[0]);
    const frugal = await scenario.worker({ BULK_SIGN_CONCURRENCY: '4', BULK_SIGN_MEMORY_MB: '32' });
    expect(await completed(bulkUser.client, small, SESSION_WITHIN_MS)).toMatchObject({ total: DOCUMENTS, done: DOCUMENTS, failed: 0 });
    const held = await memoryPeakOf(frugal, small);
    expect(held).toMatchObject({ documents: 1, limitBytes: 32 * 1024 * 1024 });
    expect(held.bytes).toBeGreaterThan(4 * ANNEX_BYTES);
    expect(held.bytes).toBeLessThanOrEqual(held.limitBytes);
    await frugal.kill();

    // The default budget (512 MiB) takes the same documents four at a time, as BULK_SIGN_CONCURRENCY allows.
    const large = await executed(batches[1]);
    const roomy = await scenario.worker({ BULK_SIGN_CONCURRENCY: '4' });
    expect(await completed(bulkUser.client, large, SESSION_WITHIN_MS)).toMatchObject({ total: DOCUMENTS, done: DOCUMENTS, failed: 0 });
    const heldTogether = await memoryPeakOf(roomy, large);
    expect(heldTogether.limitBytes).toBe(512 * 1024 * 1024);
    expect(heldTogether.documents).toBeGreaterThan(1);
    expect(heldTogether.documents).toBeLessThanOrEqual(4);
    expect(heldTogether.bytes).toBeGreaterThan(held.bytes);

    // A large PDF signed under the budget carries both signatures, valid and trusted.
    const root = (await env.client().get('/api/signing/ca/root-ca.pem')).body as string;
    const nss = nssDatabaseTrusting(tmp.dir, root);
    for (const contractId of [batches[0][DOCUMENTS - 1], batches[1][0]]) {
      const downloaded = await fetch(`${env.baseUrl}/api/contracts/${contractId}/pdf`, {
        headers: { cookie: parties.sender.client.cookie as string },
      });
      const bytes = Buffer.from(await downloaded.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(ANNEX_BYTES);
      const pdfsig = runTool('pdfsig', ['-nssdir', nss, tmp.file(`${contractId}.pdf`, bytes)]);
      expect(pdfsig.output.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
      expect(pdfsig.output.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
    }
    // Started as npm start and compose start them, with the V8 heap options of worker-node-options.ts.
    expect(frugal.logs + roomy.logs).not.toContain(WITHOUT_OPTIONS);
  });

  it('warns, naming the options and the command, when a worker is started without its Node.js options', async () => {
    scenario = await CrashScenario.start(BULK_TEST_SETTINGS);
    const bare = await scenario.worker({}, []);
    const warning = bare.logs.split('\n').find((line) => line.includes(WITHOUT_OPTIONS));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning as string)).toMatchObject({
      level: 'warn',
      missing: [...SIGNING_WORKER_NODE_OPTIONS],
      start: `node ${SIGNING_WORKER_NODE_OPTIONS.join(' ')} dist/apps/signing/src/worker.js`,
    });
  });
});
