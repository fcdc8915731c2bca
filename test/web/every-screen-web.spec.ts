import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { HttpClient } from '@app/testing';
import { DEMO_PASSWORD, DEMO_SENDER } from '@apps/identity/src/demo/demo-companies';
import { concludedContract } from './concluded-fixture';
import { checkScreen, logInOnScreen, PHONE, watchConsole } from './screen-checks';
import { Chromium, DEMO_IDS, WebPlatform } from './web-platform';

const ROUTES_FILE = path.resolve(__dirname, '../../apps/web/src/routes.tsx');

/** The demo accounts a screen is seen as (README, Accounts and access). */
const PEOPLE = {
  operator: 'P000001',
  senderAdmin: 'U000001',
  registrant: DEMO_IDS.senderRegistrant,
  signer: DEMO_IDS.senderSigner,
  bulkUser: DEMO_IDS.bulkUser,
} as const;
type Person = keyof typeof PEOPLE;

/**
 * Who may see a screen, by its path (the menu's rules, shell/menu-items.ts);
 * the first match wins. A new screen is covered by the last line (a
 * registrant of 発注建設株式会社, which has 案件管理) unless a line names it.
 */
const VIEWERS: [RegExp, Person[]][] = [
  [/^\/$/, ['operator', 'senderAdmin', 'registrant', 'bulkUser']],
  [/^\/operator(\/|$)/, ['operator']],
  [/^\/notices\/manage/, ['senderAdmin', 'operator']],
  [/^\/users(\/|$)/, ['senderAdmin']],
  [/^\/bulk-sign/, ['bulkUser']],
  [/^\/certificates/, ['signer']],
  [/^\/contracts\/received/, ['bulkUser']],
  [/^\/settings\/password/, ['registrant', 'operator']],
  [/./, ['registrant']],
];

interface Route {
  path: string;
  /** Outside the signed-in frame (ログイン, パスワードを忘れた場合, …): visited logged out. */
  public: boolean;
}

/**
 * The route table of the web UI as its file declares it, in order: every
 * `path:` of `routes` (those above the AppShell block are public) and the
 * shell's index route as `/`. Read from the source because the table's
 * module needs Vite (dictionaries by import.meta.glob) to load.
 */
function routeTable(): Route[] {
  const source = readFileSync(ROUTES_FILE, 'utf8');
  const table = source.slice(source.indexOf('export const routes'));
  const shell = table.indexOf('<AppShell');
  const routes = [...table.matchAll(/path:\s*'([^']+)'/g)].map((match) => ({ path: match[1], public: match.index < shell }));
  if (/index:\s*true/.test(table)) {
    routes.unshift({ path: '/', public: false });
  }
  return routes;
}

/** The page's API requests in flight (event streams aside, they never end): a screen is settled when none is left. */
class ApiTraffic {
  private readonly inFlight = new Set<unknown>();
  private waiters: (() => void)[] = [];

  constructor(page: Page) {
    page.on('request', (request) => {
      if (request.url().includes('/api/') && !request.url().endsWith('/events')) {
        this.inFlight.add(request);
      }
    });
    const done = (request: unknown) => {
      this.inFlight.delete(request);
      if (this.inFlight.size === 0) {
        this.waiters.forEach((resolve) => resolve());
        this.waiters = [];
      }
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }

  /** Resolves once no request is in flight. */
  async quiet(): Promise<void> {
    if (this.inFlight.size > 0) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

/** Waits until the screen has loaded what it asks for: no 読み込んでいます…, no API request in flight, the next frame drawn. */
async function settled(page: Page, traffic: ApiTraffic): Promise<void> {
  await page.getByText('読み込んでいます…').first().waitFor({ state: 'detached' });
  await traffic.quiet();
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  // A request the last answer started (a list after its count) is waited for too.
  await traffic.quiet();
}

/** At 375 px: the innermost elements reaching past the window's right edge (tag.class and right edge), for the report. */
async function overflowing(page: Page): Promise<string> {
  await page.setViewportSize(PHONE);
  return page.evaluate<string>(`Array.from(document.querySelectorAll('body *'))
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter((element, _index, all) => !all.some((other) => other !== element && element.contains(other)))
    .slice(0, 4)
    .map((element) => element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).split(' ').join('.') : '') + ' right=' + Math.round(element.getBoundingClientRect().right))
    .join(', ')`);
}

/**
 * Every screen of the route table at 375 px and through axe-core, as a person
 * allowed to see it, with no console error and no error shown to that
 * person; parameterised screens with a real entity. Writes every screen's
 * screenshots (`screen-<path>[-<person>]`). All failures are collected and
 * reported together, one line per screen.
 */
describe('web UI: every screen at 375 px, axe-core and console', () => {
  let env: WebPlatform;
  let browser: Chromium;
  const entities: Record<string, string> = {};

  beforeAll(async () => {
    env = await WebPlatform.start();
    browser = await Chromium.launch();
    const [contract, selected] = await env.awaitingReceipt(2, 'Web全画面契約');
    const bulkUser = await env.demoUser(DEMO_IDS.bulkUser);
    const session = await bulkUser.post('/api/bulk-sign/sessions', { contractIds: [selected.contractId] });
    expect(session.status).toBe(201);
    const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
    const template = await registrant.post('/api/templates', {
      name: '全画面テンプレート',
      contractName: '〇〇工事請負契約',
      counterpartyCompanyId: DEMO_IDS.receiverCompany,
      recipientUserId: DEMO_IDS.bulkUser,
      route: { approvers: [], signer: DEMO_IDS.senderSigner },
    });
    expect(template.status).toBe(201);
    const matter = await registrant.post('/api/matters', { name: '全画面案件', code: 'PJ-1', description: '説明\n2行目' });
    expect(matter.status).toBe(201);
    await concludedContract(env, {
      name: 'Web全画面締結済',
      transactionDate: '2026-10-05',
      amount: 1_234_000,
      matterId: matter.body.matterId,
    });
    const admin = await env.demoUser(PEOPLE.senderAdmin);
    expect((await admin.post('/api/notices', { title: '社内のお知らせ', body: '1行目\n2行目' })).status).toBe(201);
    const operator = await env.demoUser(PEOPLE.operator);
    expect((await operator.post('/api/notices', { title: 'inkanのお知らせ', body: 'メンテナンスの予定です。' })).status).toBe(201);
    // パスワードを忘れた場合's mailed link, for 鈴木 一郎 (not logged in by the sweep).
    const approverEmail = DEMO_SENDER.users.find((user) => user.name === '鈴木 一郎')!.email;
    const resetRequest = await new HttpClient(env.baseUrl).post('/api/auth/password-reset-requests', { loginId: 'U000003' });
    if (resetRequest.status === 202) {
      const mail = await env.smtp.waitFor((m) => m.envelope.to.includes(approverEmail) && /\/password-reset\/\S+/.test(m.text));
      entities.token = /\/password-reset\/([^\s/?#]+)/.exec(mail.text)![1];
    }
    Object.assign(entities, {
      reference: contract.documentNumber,
      contractId: contract.contractId,
      sessionId: session.body.sessionId,
      templateId: template.body.templateId,
      matterId: matter.body.matterId,
      userId: DEMO_IDS.senderRegistrant,
      companyId: DEMO_IDS.receiverCompany,
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  }, 60_000);

  it('reads the route table', () => {
    const paths = routeTable().map((route) => route.path);
    // The table as the foundation laid it out; screens added later are visited too.
    expect(paths).toEqual(
      expect.arrayContaining(['/', '/login', '/contracts/:reference', '/archive', '/templates', '/notices/manage', '*']),
    );
    expect(routeTable().find((route) => route.path === '/login')?.public).toBe(true);
    expect(routeTable().find((route) => route.path === '/archive')?.public).toBe(false);
  });

  it('passes every screen of the route table at 375 px, through axe-core, with no console error', async () => {
    const failures: string[] = [];
    const visits: { url: string; name: string; person: Person | null; notFound: boolean }[] = [];
    for (const route of routeTable()) {
      const notFound = route.path === '*';
      const url = notFound
        ? '/no-such-screen'
        : route.path.replace(/:(\w+)/g, (_match, name: string) => {
            if (!entities[name]) {
              failures.push(`${route.path}: no entity for :${name} (add one to the sweep's setup)`);
            }
            return encodeURIComponent(entities[name] ?? 'missing');
          });
      const slug = route.path === '/' ? 'top' : route.path.replace(/^\//, '').replace(/[:*]/g, '').replace(/\//g, '-') || 'not-found';
      const people = route.public ? [null] : VIEWERS.find(([pattern]) => pattern.test(notFound ? '/no-such-screen' : route.path))![1];
      for (const person of people) {
        visits.push({ url, name: `screen-${notFound ? 'not-found' : slug}${people.length > 1 ? `-${person}` : ''}`, person, notFound });
      }
    }

    let traffic: ApiTraffic | undefined;
    let signedInAs: Person | null | undefined;
    let page: Page | undefined;
    // Grouped by person: one login each.
    const order: (Person | null)[] = [null, ...(Object.keys(PEOPLE) as Person[])];
    for (const visit of [...visits].sort((x, y) => order.indexOf(x.person) - order.indexOf(y.person))) {
      if (!page || !traffic || visit.person !== signedInAs) {
        page = await browser.open(`${env.baseUrl}/login`);
        traffic ??= new ApiTraffic(page);
        if (visit.person) {
          await logInOnScreen(page, env.baseUrl, PEOPLE[visit.person], DEMO_PASSWORD);
        }
        signedInAs = visit.person;
      }
      const consoleErrors = watchConsole(page);
      const where = `${visit.url} as ${visit.person ?? 'nobody'}`;
      try {
        await page.goto(`${env.baseUrl}${visit.url}`);
        await page.locator('h1').first().waitFor();
        await settled(page, traffic);
        if (visit.notFound) {
          await page.getByRole('heading', { name: 'ページが見つかりません' }).waitFor();
        }
        const errors = await page.locator('.error-box').allTextContents();
        if (errors.length > 0) {
          failures.push(`${where}: shows an error: ${errors.join(' / ')}`);
        }
        await checkScreen(page, visit.name);
      } catch (error) {
        const message = (error as Error).message.replace(/\s+/g, ' ').slice(0, 600);
        const wide = message.includes('"fits": false') ? ` — past 375 px: ${await overflowing(page)}` : '';
        failures.push(`${where}: ${message}${wide}`);
      }
      try {
        consoleErrors.check();
      } catch {
        failures.push(`${where}: console errors: ${consoleErrors.errors.join(' / ')}`);
      }
      consoleErrors.stop();
    }
    expect(visits.length).toBeGreaterThanOrEqual(routeTable().length);
    expect(failures).toEqual([]);
  }, 600_000);
});
