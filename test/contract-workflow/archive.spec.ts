import type { PoolClient } from 'pg';
import { sha256Hex } from '@app/blob-store';
import { HttpClient } from '@app/testing';
import { IdentityPlatform } from '../identity/identity-platform';
import { concludeContract, registerContract } from './contract-steps';
import { Person, person } from './workflow-fixture';

interface Archived {
  contractId: string;
  documentNumber: string;
  name: string;
  counterparty: { companyId: string; companyName: string };
  transactionDate: string;
  amount: number;
}
type Query = Record<string, string | number>;

/**
 * 長期保管文書 over HTTP against the real services: five contracts concluded
 * the normal way between four companies, searched as the Electronic Book
 * Preservation Act asks (date and amount ranges, counterparty, any two or more
 * combined), paged, downloaded (PDF, validation report, audit trail), and
 * invisible to any other company.
 */
describe('long-term archive (長期保管文書): search and downloads of concluded contracts', () => {
  let env: IdentityPlatform;
  let a: { companyId: string; registrant: Person; signer: Person };
  let b: { companyId: string; recipient: Person; signer: Person };
  let c: { companyId: string; recipient: Person };
  let outsider: HttpClient;
  /** Concluded, in the order registered: #1..#5 of the table below. */
  const concluded: Archived[] = [];
  let draftId: string;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const companyA = await env.company('発注建設株式会社', { plan: 'ONE_SIDE' });
    const companyB = await env.company('株式会社受注工務店', { plan: 'ONE_SIDE' });
    // A Latin name sorts before the Japanese one under any collation.
    const companyC = await env.company('ABC資材株式会社', { plan: 'BOTH' });
    outsider = (await env.company('第三者株式会社', { plan: 'ONE_SIDE' })).admin;
    a = {
      companyId: companyA.companyId,
      registrant: await person(env, companyA.admin, '山田 太郎', ['registrant', 'recipient']),
      signer: await person(env, companyA.admin, '田中 社長', ['signer']),
    };
    b = {
      companyId: companyB.companyId,
      recipient: await person(env, companyB.admin, '佐藤 二郎', ['recipient', 'registrant']),
      signer: await person(env, companyB.admin, '伊藤 社長', ['signer']),
    };
    c = { companyId: companyC.companyId, recipient: await person(env, companyC.admin, '木村 三郎', ['recipient']) };

    const fromA = { registrant: a.registrant, senderSigner: a.signer };
    const toB = { counterpartyCompanyId: b.companyId, recipient: b.recipient, signatureMode: 'SENDER_ONLY' as const };
    const toC = { counterpartyCompanyId: c.companyId, recipient: c.recipient, signatureMode: 'SENDER_ONLY' as const };
    for (const [parties, fields] of [
      [fromA, { ...toB, name: '工事請負契約書（第1期）', transactionDate: '2026-04-01', amount: 100_000 }],
      [fromA, { ...toB, name: '工事請負契約書（第2期）', transactionDate: '2026-04-15', amount: 500_000 }],
      [fromA, { ...toC, name: '資材売買契約書', transactionDate: '2026-05-01', amount: 500_000, senderSide: 'CONTRACTOR' as const }],
      [fromA, { ...toC, name: '保守点検契約書', transactionDate: '2026-05-31', amount: 1_000_000 }],
      [
        { registrant: b.recipient, senderSigner: b.signer, receiverSigner: a.signer },
        {
          name: '下請負契約書',
          counterpartyCompanyId: a.companyId,
          recipient: a.registrant,
          signatureMode: 'BOTH' as const,
          senderSide: 'CONTRACTOR' as const,
          transactionDate: '2026-06-30',
          amount: 2_000_000,
        },
      ],
    ] as const) {
      const done = await concludeContract(env, parties, fields);
      concluded.push((await a.registrant.client.get(`/api/archive/${done.contractId}`)).body);
    }
    // Registered only: matches several searches but is not concluded, so never in the archive.
    draftId = (
      await registerContract(a.registrant, a.signer, {
        ...toB,
        name: '工事請負契約書（第3期）',
        transactionDate: '2026-04-15',
        amount: 500_000,
      })
    ).contractId;
  });

  afterAll(async () => {
    await env?.close();
  });

  const search = (query: Query, as: HttpClient = a.registrant.client) =>
    as.get(
      `/api/archive?${new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)])).toString()}`,
    );
  const numbers = (items: Archived[]) => items.map((item) => item.documentNumber);
  const nth = (...indexes: number[]) => indexes.map((index) => concluded[index - 1].documentNumber);

  it('lists exactly the concluded contracts of the company, as sender and as receiver, with the counterparty as seen from it', async () => {
    expect(concluded.map((item) => item.counterparty.companyName)).toEqual([
      '株式会社受注工務店',
      '株式会社受注工務店',
      'ABC資材株式会社',
      'ABC資材株式会社',
      '株式会社受注工務店',
    ]);
    const all = await search({ sort: 'documentNumber', order: 'asc' });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 5, page: 1, pageSize: 20, from: 1, to: 5 });
    expect(numbers(all.body.items)).toEqual(nth(1, 2, 3, 4, 5));
    expect(all.body.items[4]).toMatchObject({ ourRole: 'RECEIVER', counterparty: { side: 'CONTRACTOR', sideLabel: '受注側' } });
    expect(all.body.items[2]).toMatchObject({ ourRole: 'SENDER', counterparty: { side: 'ORDERER', sideLabel: '発注側' } });

    // The receiver company sees its own three, with A as counterparty.
    const ofB = await search({ sort: 'documentNumber', order: 'asc' }, b.recipient.client);
    expect(numbers(ofB.body.items)).toEqual(nth(1, 2, 5));
    expect(new Set(ofB.body.items.map((item: Archived) => item.counterparty.companyName))).toEqual(new Set(['発注建設株式会社']));
    expect(numbers((await search({}, c.recipient.client)).body.items)).toEqual(nth(4, 3));
  });

  it('includes both ends of date and amount ranges', async () => {
    const cases: [Query, number[]][] = [
      [{ transactionDateFrom: '2026-04-15', transactionDateTo: '2026-04-15' }, [2]],
      [{ transactionDateFrom: '2026-04-16', transactionDateTo: '2026-05-31' }, [3, 4]],
      [{ transactionDateFrom: '2026-04-01' }, [1, 2, 3, 4, 5]],
      [{ transactionDateTo: '2026-04-01' }, [1]],
      [{ amountMin: 500_000, amountMax: 500_000 }, [2, 3]],
      [{ amountMin: 500_001 }, [4, 5]],
      [{ amountMax: 100_000 }, [1]],
      [{ amountMin: 0, amountMax: 99_999 }, []],
    ];
    for (const [query, expected] of cases) {
      const reply = await search({ ...query, sort: 'documentNumber', order: 'asc' });
      expect({ query, found: numbers(reply.body.items) }).toEqual({ query, found: nth(...expected) });
    }
  });

  it('combines every pair of conditions (and more) with AND, matching a filter over the known contracts', async () => {
    const conditions: Record<string, { query: Query; holds: (item: Archived) => boolean }> = {
      date: {
        query: { transactionDateFrom: '2026-04-15', transactionDateTo: '2026-05-31' },
        holds: (item) => item.transactionDate >= '2026-04-15' && item.transactionDate <= '2026-05-31',
      },
      amount: { query: { amountMin: 100_000, amountMax: 500_000 }, holds: (item) => item.amount >= 100_000 && item.amount <= 500_000 },
      counterpartyName: { query: { counterpartyName: '受注' }, holds: (item) => item.counterparty.companyName.includes('受注') },
      counterpartyCompanyId: {
        query: { counterpartyCompanyId: '' },
        holds: (item) => item.counterparty.companyId === c.companyId,
      },
      documentNumber: { query: { documentNumber: '' }, holds: (item) => item.documentNumber === concluded[1].documentNumber },
      name: { query: { name: '工事' }, holds: (item) => item.name.includes('工事') },
    };
    conditions.counterpartyCompanyId.query.counterpartyCompanyId = c.companyId;
    conditions.documentNumber.query.documentNumber = concluded[1].documentNumber;
    const keys = Object.keys(conditions);
    const combinations = keys.flatMap((first, i) => keys.slice(i + 1).map((second) => [first, second]));
    combinations.push(['date', 'amount', 'counterpartyName'], ['date', 'amount', 'counterpartyCompanyId', 'name']);
    expect(combinations).toHaveLength(17);
    let nonEmpty = 0;
    for (const combination of combinations) {
      const query = Object.assign({ sort: 'documentNumber', order: 'asc' }, ...combination.map((key) => conditions[key].query)) as Query;
      const expected = concluded.filter((item) => combination.every((key) => conditions[key].holds(item)));
      const reply = await search(query);
      expect({ combination, status: reply.status, found: numbers(reply.body.items), total: reply.body.total }).toEqual({
        combination,
        status: 200,
        found: numbers(expected),
        total: expected.length,
      });
      nonEmpty += expected.length > 0 ? 1 : 0;
    }
    // The table makes some combinations match and some not.
    expect(nonEmpty).toBeGreaterThan(5);
    expect(nonEmpty).toBeLessThan(combinations.length);
  });

  it('answers an empty result with total 0 and 0～0', async () => {
    const reply = await search({ transactionDateFrom: '2030-01-01', counterpartyName: '受注' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ items: [], total: 0, page: 1, pageSize: 20, from: 0, to: 0 });
  });

  it('sorts by each key and pages with from/to: the last partial page, a page past the end, pages of one', async () => {
    const byAmount = { sort: 'amount', order: 'asc' };
    // Equal amounts (#2, #3) fall back to the newest document number first.
    expect(numbers((await search(byAmount)).body.items)).toEqual(nth(1, 3, 2, 4, 5));
    expect(numbers((await search({})).body.items)).toEqual(nth(5, 4, 3, 2, 1));
    expect(numbers((await search({ sort: 'counterpartyName', order: 'asc' })).body.items)).toEqual(nth(4, 3, 5, 2, 1));
    const byName = numbers((await search({ sort: 'name', order: 'asc', counterpartyName: 'ABC' })).body.items);
    expect([...byName].sort()).toEqual(nth(3, 4));
    expect(numbers((await search({ sort: 'name', order: 'desc', counterpartyName: 'ABC' })).body.items)).toEqual(byName.reverse());
    expect((await search({ sort: 'concludedAt', order: 'asc' })).body.items[0].documentNumber).toBe(nth(1)[0]);

    const page = async (pageNumber: number, pageSize: number) => (await search({ ...byAmount, page: pageNumber, pageSize })).body;
    expect(await page(1, 2)).toMatchObject({ total: 5, page: 1, pageSize: 2, from: 1, to: 2 });
    expect(numbers((await page(2, 2)).items)).toEqual(nth(2, 4));
    const last = await page(3, 2);
    expect(last).toMatchObject({ total: 5, from: 5, to: 5 });
    expect(numbers(last.items)).toEqual(nth(5));
    expect(await page(4, 2)).toEqual({ items: [], total: 5, page: 4, pageSize: 2, from: 0, to: 0 });
    for (let index = 1; index <= 5; index += 1) {
      const one = await page(index, 1);
      expect({ index, from: one.from, to: one.to, found: numbers(one.items) }).toEqual({
        index,
        from: index,
        to: index,
        found: nth([1, 3, 2, 4, 5][index - 1]),
      });
    }
    expect(await page(6, 1)).toMatchObject({ items: [], total: 5, from: 0, to: 0 });
    expect(await page(1, 5)).toMatchObject({ total: 5, from: 1, to: 5 });
  });

  it('downloads the concluded PDF (its hash is the contract’s), a report with both signatures valid, and the audit trail', async () => {
    const bothSigned = concluded[4];
    for (const party of [a.registrant, b.recipient]) {
      const view = (await party.client.get(`/api/archive/${bothSigned.contractId}`)).body;
      const contract = (await party.client.get(`/api/contracts/${bothSigned.contractId}`)).body;
      expect(view.sha256).toBe(contract.currentSha256);

      const pdf = await fetch(`${env.baseUrl}${view.links.pdf}`, { headers: { cookie: party.client.cookie as string } });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(sha256Hex(bytes)).toBe(contract.currentSha256);
      expect(pdf.headers.get('x-content-sha256')).toBe(contract.currentSha256);

      const validation = await party.client.get(view.links.validationReport);
      expect(validation.status).toBe(200);
      expect(validation.body).toMatchObject({
        contractId: bothSigned.contractId,
        documentNumber: bothSigned.documentNumber,
        sha256: contract.currentSha256,
        report: { sha256: contract.currentSha256, signatureCount: 2, allValid: true },
      });
      const signatures = validation.body.report.signatures as { kind: string; status: string; chain: { trusted: boolean } }[];
      // Both signatures and the document time stamp added at conclusion (PAdES B-LTA).
      expect(signatures.map((signature) => [signature.kind, signature.status, signature.chain.trusted])).toEqual([
        ['signature', 'valid', true],
        ['signature', 'valid', true],
        ['document-timestamp', 'valid', true],
      ]);

      const trail = await party.client.get(view.links.auditTrail);
      expect(trail.status).toBe(200);
      expect(trail.body.entries.map((entry: { action: string }) => entry.action)).toEqual([
        'REGISTERED',
        'SUBMIT',
        'SIGN',
        'RECEIVE',
        'SIGN',
      ]);
      expect((await party.client.get(view.links.auditTrailVerification)).body).toMatchObject({ valid: true });
      const report = await fetch(`${env.baseUrl}${view.links.auditTrailPdf}`, { headers: { cookie: party.client.cookie as string } });
      expect(report.status).toBe(200);
    }
    // A sender-only contract: its one signature is valid.
    const single = await a.registrant.client.get(`/api/archive/${concluded[0].contractId}/validation-report`);
    expect(single.body.report).toMatchObject({ signatureCount: 1, allValid: true });
  });

  it('hides every archive endpoint from other companies and shows no contract that is not concluded (404)', async () => {
    const paths = (id: string) => [`/api/archive/${id}`, `/api/archive/${id}/pdf`, `/api/archive/${id}/validation-report`];
    for (const path of paths(concluded[4].contractId)) {
      expect({ path, status: (await outsider.get(path)).status }).toEqual({ path, status: 404 });
      expect({ path, status: (await c.recipient.client.get(path)).status }).toEqual({ path, status: 404 });
    }
    for (const path of paths(draftId)) {
      expect({ path, status: (await a.registrant.client.get(path)).status }).toEqual({ path, status: 404 });
    }
    expect((await a.registrant.client.get(`/api/contracts/${draftId}`)).status).toBe(200);
    expect((await search({}, outsider)).body).toMatchObject({ total: 0, items: [] });
    expect((await search({ counterpartyCompanyId: a.companyId }, outsider)).body.total).toBe(0);
    // Only people of a company: the operator is refused, nobody logged in is asked to.
    expect((await (await env.operator()).get('/api/archive')).status).toBe(403);
    expect((await env.client().get('/api/archive')).status).toBe(401);
  });

  it('refuses bad conditions with 400, naming the field in English and Japanese', async () => {
    const cases: [Query, string, RegExp?][] = [
      [{ transactionDateFrom: '2026-05-01', transactionDateTo: '2026-04-30' }, 'transactionDateFrom', /取引年月日/],
      [{ amountMin: 10, amountMax: 9 }, 'amountMin', /取引金額/],
      [{ transactionDateFrom: '2026-02-30' }, 'transactionDateFrom'],
      [{ transactionDateTo: '2026/05/01' }, 'transactionDateTo'],
      [{ amountMin: 'abc' }, 'amountMin'],
      [{ amountMax: -1 }, 'amountMax'],
      [{ amountMin: '1.5' }, 'amountMin'],
      [{ page: 0 }, 'page'],
      [{ pageSize: 201 }, 'pageSize'],
      [{ sort: 'status' }, 'sort'],
      [{ counterpartyCompanyId: 'X1' }, 'counterpartyCompanyId'],
      [{ documentNumber: '123' }, 'documentNumber'],
    ];
    for (const [query, path, japanese] of cases) {
      const reply = await search(query);
      expect({ query, status: reply.status, code: reply.body.error?.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      expect(reply.body.error.message).toEqual({ ja: expect.any(String), en: expect.any(String) });
      const detail = reply.body.error.details.find((item: { path: string }) => item.path === path);
      expect({ query, detail }).toEqual({ query, detail: { path, message: expect.any(String), messageJa: expect.any(String) } });
      if (japanese) {
        expect(detail.messageJa).toMatch(japanese);
        expect(detail.message).toMatch(new RegExp(path));
      }
    }
    expect((await a.registrant.client.get('/api/archive/not-a-uuid')).status).toBe(400);
  });

  /** `work` on a connection of its own, in a transaction rolled back afterwards (the rows it adds never stay). */
  async function rolledBack(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await env.database.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  /** The plan PostgreSQL chooses for the statement, as EXPLAIN prints it. */
  async function planOf(client: PoolClient, text: string, values: unknown[]): Promise<string> {
    return (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)).rows.map((row) => row['QUERY PLAN']).join('\n');
  }

  it('has indexes that serve a date and an amount range search on either side (plan over 20,000 rows, rolled back)', async () => {
    await rolledBack(async (client) => {
      // Many concluded contracts between 100 other companies, so the planner weighs the indexes as in production.
      await client.query(`
        INSERT INTO contract_workflow.contracts (document_number, name, signature_mode, status, sender_company_id, sender_company_name,
          sender_plan, sender_side, registrant_user_id, receiver_company_id, receiver_company_name, receiver_plan, recipient_user_id,
          transaction_date, amount, original_sha256, current_sha256, concluded_at, sent_at)
        SELECT lpad((9000000000 + i)::text, 10, '0'), '契約書 ' || i, 'BOTH', 'CONCLUDED', 'C9' || lpad((i % 100)::text, 5, '0'), '発信',
          'ONE_SIDE', 'ORDERER', 'U000001', 'C9' || lpad(((i + 1) % 100)::text, 5, '0'), '受信', 'ONE_SIDE', 'U000002',
          date '2016-01-01' + (i % 3650), (i * 7919) % 100000000, repeat('a', 64), repeat('b', 64), now(), now()
        FROM generate_series(1, 20000) AS i`);
      await client.query('ANALYZE contract_workflow.contracts');
      const plan = (condition: string) =>
        planOf(
          client,
          `SELECT * FROM contract_workflow.contracts WHERE status = 'CONCLUDED'
             AND (sender_company_id = $1 OR receiver_company_id = $1) AND ${condition}`,
          ['C900001'],
        );
      const byDate = await plan(`transaction_date BETWEEN '2020-04-01' AND '2020-04-30'`);
      expect(byDate).not.toMatch(/Seq Scan/);
      expect(byDate).toMatch(/contracts_archive_sender_date_idx/);
      expect(byDate).toMatch(/contracts_archive_receiver_date_idx/);
      const byAmount = await plan('amount BETWEEN 1000 AND 2000');
      expect(byAmount).not.toMatch(/Seq Scan/);
      expect(byAmount).toMatch(/contracts_archive_sender_amount_idx/);
      expect(byAmount).toMatch(/contracts_archive_receiver_amount_idx/);
    });
  });

  it('keeps in the current actor index only contracts someone still has to act on, and finds them by it', async () => {
    await rolledBack(async (client) => {
      // Ten years of concluded contracts (nobody acts on them) and three waiting for one user.
      await client.query(`
        INSERT INTO contract_workflow.contracts (document_number, name, signature_mode, status, sender_company_id, sender_company_name,
          sender_plan, sender_side, registrant_user_id, receiver_company_id, receiver_company_name, receiver_plan, recipient_user_id,
          transaction_date, amount, original_sha256, current_sha256, current_actor_user_id, concluded_at, sent_at)
        SELECT lpad((8000000000 + i)::text, 10, '0'), '契約書 ' || i, 'BOTH',
          CASE WHEN i <= 3 THEN 'AWAITING_RECEIPT' ELSE 'CONCLUDED' END, 'C900001', '発信', 'ONE_SIDE', 'ORDERER', 'U000001', 'C900002',
          '受信', 'ONE_SIDE', 'U900002', date '2016-01-01' + (i % 3650), i, repeat('a', 64), repeat('b', 64),
          CASE WHEN i <= 3 THEN 'U900002' END, CASE WHEN i > 3 THEN now() END, now()
        FROM generate_series(1, 20000) AS i`);
      await client.query('ANALYZE contract_workflow.contracts');
      const sizes = await client.query<{ actor: string; pkey: string }>(
        `SELECT pg_relation_size('contract_workflow.contracts_current_actor_idx') AS actor,
                pg_relation_size('contract_workflow.contracts_pkey') AS pkey`,
      );
      // The three, in its first pages; the primary key holds all 20,000.
      expect(Number(sizes.rows[0].actor)).toBeLessThanOrEqual(2 * 8192);
      expect(Number(sizes.rows[0].pkey)).toBeGreaterThan(20 * 8192);
      const plan = await planOf(client, `SELECT id FROM contract_workflow.contracts WHERE current_actor_user_id = $1`, ['U900002']);
      expect(plan).toMatch(/contracts_current_actor_idx/);
      const found = await client.query(`SELECT count(*)::int AS n FROM contract_workflow.contracts WHERE current_actor_user_id = $1`, [
        'U900002',
      ]);
      expect(found.rows[0]).toEqual({ n: 3 });
    });
  });
});
