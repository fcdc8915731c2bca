import { Page } from 'playwright-core';
import { Chromium, WebPlatform } from './web-platform';

/**
 * One browser test file's platform and Chromium: started before its tests
 * (own database, queues, SMTP capture, a fresh Vite build), closed after
 * them. Call it once at the top of a `describe`; read `web.env` and
 * `web.browser` inside the tests.
 */
export function webSuite(): { readonly env: WebPlatform; readonly browser: Chromium } {
  const started: { env?: WebPlatform; browser?: Chromium } = {};
  beforeAll(async () => {
    started.env = await WebPlatform.start();
    started.browser = await Chromium.launch();
  }, 180_000);
  afterAll(async () => {
    await started.browser?.close();
    await started.env?.close();
  }, 60_000);
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) {
      throw new Error(`${what} is not started (webSuite() runs in beforeAll)`);
    }
    return value;
  };
  return {
    get env() {
      return need(started.env, 'the platform');
    },
    get browser() {
      return need(started.browser, 'Chromium');
    },
  };
}

/** The screen's heading (`<h1>`) named exactly `name`. */
export const headingOf = (page: Page, name: string) => page.getByRole('heading', { name, exact: true, level: 1 });

/** The visible confirmation of a change on the screen (the announcer says it too, for screen readers). */
export const noticeOf = (page: Page, text: string) => page.locator('#main .notice').filter({ hasText: text });

/** The text of the element that has the focus. */
export const focusedText = (page: Page) => page.evaluate<string>('document.activeElement.textContent');

/** The refusals and warnings shown as `role="alert"`. */
export const alertOf = (page: Page) => page.getByRole('alert');
