import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Where screenshots go: the docs when WEB_SCREENSHOTS=1 (`WEB_SCREENSHOTS=1 npx jest test/web`), else a temp folder nobody commits. */
export const SCREENSHOT_DIR =
  process.env.WEB_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/images/web') : path.join(os.tmpdir(), 'inkan-web-screenshots');

/** The phone width every screen must fit without horizontal scrolling. */
export const PHONE = { width: 375, height: 812 } as const;
const DESKTOP = { width: 1280, height: 900 } as const;

/**
 * Console errors and uncaught exceptions of a page from now on. `check()`
 * fails on any, except those a test expects (`allow`), e.g. the browser's
 * own line for a refused login (`status of 401`).
 */
export function watchConsole(page: Page): { errors: string[]; check: (allow?: RegExp[]) => void; stop: () => void } {
  const errors: string[] = [];
  const onConsole = (message: { type(): string; text(): string; location(): { url: string } }) => {
    if (message.type() === 'error') {
      errors.push(`${message.text()} ${message.location().url}`.trim());
    }
  };
  const onPageError = (error: Error) => errors.push(`uncaught: ${error.message}`);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  return {
    errors,
    check: (allow = []) => expect(errors.filter((text) => !allow.some((pattern) => pattern.test(text)))).toEqual([]),
    stop: () => {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
    },
  };
}

/** ログイン through the screen (no API call): `/login`, 利用者ID, パスワード, ログイン, until the signed-in frame shows. */
export async function logInOnScreen(page: Page, baseUrl: string, userId: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('heading', { name: 'ログイン' }).waitFor();
  await page.getByLabel('利用者ID').fill(userId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  // The shell (header and menu) is drawn once the session is known.
  await page.locator('nav.menu').waitFor();
}

/** The page's scrolling width and the window's (the first must not exceed the second). Page code is passed as text: the tests compile without the DOM's types. */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate<{ scrollWidth: number; innerWidth: number }>(
    '({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })',
  );
}

interface Violation {
  id: string;
  impact: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (rule, impact, the first offending elements). */
export async function axeViolations(page: Page): Promise<string[]> {
  // evaluate runs outside the page's CSP, which rightly refuses any injected <script>.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<Violation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) =>
      result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`,
  );
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.targets.join(', ')}`);
}

/**
 * The quality bar of one screen as it stands: no serious/critical axe-core
 * violation at desktop width and at 375 px, no horizontal overflow at 375 px,
 * and a screenshot of each width (`<name>.png`, `<name>-phone.png`). The
 * viewport is back at desktop width afterwards.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.setViewportSize(DESKTOP);
  expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  // Layout follows the new width on the next frame.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  const { scrollWidth, innerWidth } = await overflow(page);
  expect({ name, fits: scrollWidth <= innerWidth, scrollWidth, innerWidth }).toMatchObject({ name, fits: true });
  expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}
