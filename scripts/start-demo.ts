import { AppConfig } from '@app/config';
import { mailDropDir } from '@apps/notification/src/delivery/mail-drop-dir';
import { checkHealth } from './demo/demo-flow';
import { BULK_SIGN_DEMO_WAITING, ensureWaitingForReceipt } from './demo/send-for-receipt';

/**
 * What `npm start` does once every app is ready: the demo bulk user 佐藤 二郎
 * gets documents to sign in the web UI's 一括署名（受取）. They go through the
 * real flow, as `npm run demo` drives it (HTTP API, signing passwords read
 * from the .eml files), so each carries 田中 誠's real signature.
 */

export interface StartDemoOptions {
  /** The gateway as this machine reaches it; by default from GATEWAY_HOST and GATEWAY_PORT. */
  baseUrl?: string;
  /** How many should wait (at least). */
  target?: number;
  operatorId?: string;
  /** How long the platform may take to report every component up. */
  healthTimeoutMs?: number;
}

export interface StartDemoReport {
  info(line: string): void;
  warn(line: string): void;
}

export type StartDemoOutcome = 'ready' | 'skipped' | 'failed';

const WHAT = '一括署名（受取）のデモ文書 / demo documents for bulk signing';
const HINT = 'log in as U000006 → 契約文書一括署名（受取）';

/**
 * Leaves at least `target` (3) contracts from 発注建設株式会社 waiting for
 * 佐藤 二郎's receipt (受領側受取待ち), sending only the missing ones: a
 * restart adds none while 3 still wait, and tops up again after he signed
 * some. Never throws and never prints a secret: one line says what came of
 * it, and the platform runs on whatever happens here.
 */
export async function prepareBulkSignDemo(
  config: AppConfig,
  report: StartDemoReport,
  options: StartDemoOptions = {},
): Promise<StartDemoOutcome> {
  const target = options.target ?? BULK_SIGN_DEMO_WAITING;
  if (config.SMTP_URL) {
    report.info(
      `demo: ${WHAT}: skipped — SMTP_URL is set, so the signing passwords go to the mail server, where npm start cannot read them ` +
        '(without SMTP_URL mails become .eml files in MAIL_DROP_DIR and the documents are prepared)',
    );
    return 'skipped';
  }
  const baseUrl = options.baseUrl ?? localGatewayUrl(config);
  if (!baseUrl) {
    report.info(`demo: ${WHAT}: skipped — GATEWAY_PORT is 0, so the gateway's address is not known here`);
    return 'skipped';
  }
  try {
    await waitUntilHealthy(baseUrl, options.healthTimeoutMs ?? 30_000);
    const result = await ensureWaitingForReceipt(
      { baseUrl, mailDir: mailDropDir(config), operatorId: options.operatorId ?? 'P000001' },
      target,
    );
    const numbers = result.sent.map((contract) => contract.documentNumber).join(', ');
    report.info(
      result.sent.length > 0
        ? `demo: ${WHAT}: ${result.waiting} waiting for ${result.recipient} (受領側受取待ち), ${result.sent.length} sent now by 発注建設株式会社 (${numbers}) — ${HINT}`
        : `demo: ${WHAT}: ${result.waiting} already waiting for ${result.recipient} (受領側受取待ち), none sent — ${HINT}`,
    );
    return 'ready';
  } catch (error) {
    report.warn(
      `demo: ${WHAT}: not prepared / 用意できませんでした — ${firstLine(error)} ` +
        '(the platform runs on; `npm run demo -- --for-bulk-sign 3` sends them later)',
    );
    return 'failed';
  }
}

/** The gateway's own address as this machine reaches it (a wildcard host means loopback); undefined for a random port. */
export function localGatewayUrl(config: Pick<AppConfig, 'GATEWAY_HOST' | 'GATEWAY_PORT'>): string | undefined {
  if (config.GATEWAY_PORT === 0) {
    return undefined;
  }
  const host = config.GATEWAY_HOST.replace(/^\[(.*)\]$/, '$1');
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${config.GATEWAY_PORT}`;
}

/** The apps said they are ready; the gateway's /health may still see a service as down for a moment. */
async function waitUntilHealthy(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await checkHealth(baseUrl);
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || (error as Error).name || 'unknown error';
}
