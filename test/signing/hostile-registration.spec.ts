import { hostileCorpus } from '@apps/signing/test/hostile-pdfs';
import { IdentityPlatform } from '../identity/identity-platform';
import { Person, person } from '../contract-workflow/workflow-fixture';

/** The HTTP answer each refusal code must have. */
const STATUS: Record<string, number> = { PDF_MALFORMED: 400, PDF_TOO_COMPLEX: 422, PDF_ACTIVE_CONTENT: 422, accepted: 201 };

/**
 * The hostile corpus registered as contracts through the gateway (D7 and the
 * active-content rule as a user meets them): a 4xx naming the problem in both
 * languages, never a 500; nothing stored for a refused file; the acceptable
 * ones (inline annotations, an AcroForm, text saying "/ByteRange") registered.
 */
describe('registering hostile PDFs over HTTP', () => {
  let env: IdentityPlatform;
  let registrant: Person;
  let recipient: Person;
  let signer: Person;
  let receiverCompanyId: string;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const sender = await env.company('防御建設株式会社', { plan: 'BOTH' });
    const receiver = await env.company('受領工業株式会社', { plan: 'BOTH' });
    receiverCompanyId = receiver.companyId;
    registrant = await person(env, sender.admin, '登録 一郎', ['registrant']);
    signer = await person(env, sender.admin, '署名 三郎', ['signer']);
    recipient = await person(env, receiver.admin, '受取 四郎', ['recipient']);
  }, 120_000);

  afterAll(async () => env?.close());

  it('answers each file with its documented status and code, and stores only what it accepts', async () => {
    const corpus = await hostileCorpus();
    const answers: [string, number, string][] = [];
    for (const entry of corpus) {
      const reply = await registrant.client.post('/api/contracts', {
        pdfBase64: entry.pdf.toString('base64'),
        name: entry.name.slice(0, 60),
        counterpartyCompanyId: receiverCompanyId,
        recipientUserId: recipient.userId,
        senderSide: 'CONTRACTOR',
        transactionDate: '2026-12-01',
        amount: 100_000,
        route: { approvers: [], signer: signer.userId },
      });
      answers.push([entry.name, reply.status, reply.status === 201 ? 'accepted' : String(reply.body.error?.code)]);
      if (reply.status !== 201) {
        expect(reply.body.error.message.ja.length).toBeGreaterThan(0);
        expect(reply.body.error.message.en.length).toBeGreaterThan(0);
      }
    }
    expect(answers).toEqual(corpus.map((entry) => [entry.name, STATUS[entry.code], entry.code]));
    const stored = await env.database.pool.query(`SELECT count(*)::int AS n FROM contract_workflow.contracts`);
    expect(stored.rows[0].n).toBe(corpus.filter((entry) => entry.code === 'accepted').length);
  });
});
