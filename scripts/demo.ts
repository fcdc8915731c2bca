import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@app/config';
import { mailDropDir } from '@apps/notification/src/delivery/mail-drop-dir';
import { ApiError, PlatformUnreachableError } from './demo/api-session';
import { DemoDataMissingError } from './demo/demo-cast';
import { runDemo } from './demo/demo-flow';
import { BULK_SIGN_DEMO_MAX, sendForReceipt } from './demo/send-for-receipt';

const USAGE = [
  'usage: npm run demo -- --out DIR [--url http://127.0.0.1:3000] [--mail-dir .inkan/mail] [--operator P000001]',
  `       npm run demo -- --for-bulk-sign N [--url …] [--mail-dir …] [--operator …]   (N from 1 to ${BULK_SIGN_DEMO_MAX})`,
].join('\n');

/**
 * `npm run demo -- --out DIR`: one contract through the whole two-company
 * flow on the running platform (`npm start`), only through its HTTP API and
 * the mails it wrote, then DIR/concluded-<number>.pdf, DIR/root-ca.pem and
 * DIR/audit-<number>.json. Secrets read from mails are used, never printed.
 *
 * `npm run demo -- --for-bulk-sign N`: N contracts from 発注建設株式会社 sent
 * the same way and left waiting for 佐藤 二郎's receipt, for the web UI's
 * 一括署名（受取）.
 */
async function main(argv: string[]): Promise<number> {
  let values: { out?: string; url?: string; 'mail-dir'?: string; operator?: string; 'for-bulk-sign'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        url: { type: 'string' },
        'mail-dir': { type: 'string' },
        operator: { type: 'string' },
        'for-bulk-sign': { type: 'string' },
      },
    }));
  } catch (error) {
    console.error(`demo: ${(error as Error).message}\n${USAGE}`);
    return 64;
  }
  const forBulkSign = values['for-bulk-sign'] === undefined ? undefined : Number(values['for-bulk-sign']);
  if (forBulkSign !== undefined && !(Number.isInteger(forBulkSign) && forBulkSign >= 1 && forBulkSign <= BULK_SIGN_DEMO_MAX)) {
    console.error(`demo: --for-bulk-sign must be a whole number from 1 to ${BULK_SIGN_DEMO_MAX}\n${USAGE}`);
    return 64;
  }
  const modes = [values.out !== undefined, forBulkSign !== undefined].filter(Boolean).length;
  if (modes !== 1) {
    console.error(`demo: give either --out or --for-bulk-sign\n${USAGE}`);
    return 64;
  }
  const config = loadConfigOrExit('demo');
  const baseUrl = (values.url ?? config.PUBLIC_BASE_URL).replace(/\/+$/, '');
  const mailDir = values['mail-dir'] ? path.resolve(values['mail-dir']) : mailDropDir(config);
  if (config.SMTP_URL && !values['mail-dir']) {
    console.error(
      'demo: SMTP_URL is set, so the platform sends its mails to an SMTP server, where this demo cannot read them.\n' +
        '  Run the platform without SMTP_URL (mails become .eml files in MAIL_DROP_DIR), or pass --mail-dir.',
    );
    return 1;
  }

  let steps = 0;
  const session = {
    baseUrl,
    mailDir,
    operatorId: values.operator ?? 'P000001',
    step: (ja: string, en: string, detail: string) => {
      steps += 1;
      console.log(`demo: [${String(steps).padStart(2)}] ${ja} / ${en} — ${detail}`);
    },
  };
  try {
    if (forBulkSign !== undefined) {
      console.log(
        `demo: 一括署名（受取）用の送付 / ${forBulkSign} contract(s) for bulk signing via ${baseUrl} (mails read from ${mailDir})`,
      );
      const result = await sendForReceipt(session, forBulkSign);
      console.log(
        `demo: 完了 / done — sent ${result.sent.map((contract) => contract.documentNumber).join(', ')}; ` +
          `${result.waiting} waiting for ${result.recipient} (受領側受取待ち) in 契約文書一括署名（受取）`,
      );
      return 0;
    }
    console.log(`demo: 契約締結デモ / contract demo against ${baseUrl} (mails read from ${mailDir})`);
    const result = await runDemo({ ...session, outDir: path.resolve(values.out as string) });
    console.log(`demo: 完了 / done — ${result.documentNumber} concluded; wrote ${Object.values(result.files).join(', ')}`);
    console.log(
      `demo: check it with poppler: certutil -N -d sql:NSSDB --empty-password && ` +
        `certutil -A -d sql:NSSDB -n inkan -t CT,C,C -i ${result.files.rootCa} && pdfsig -nssdir sql:NSSDB ${result.files.pdf}`,
    );
    return 0;
  } catch (error) {
    console.error(`demo: failed after step ${steps} / ${steps} 手順目の後で失敗しました`);
    if (error instanceof PlatformUnreachableError) {
      console.error(
        `demo: プラットフォームが起動していません / the platform is not running: ${error.message}\n` +
          '  Start it with `npm start` (it seeds the demo data), or point the demo at it with --url or PUBLIC_BASE_URL.',
      );
      return 69;
    }
    if (error instanceof DemoDataMissingError || error instanceof ApiError) {
      console.error(`demo: ${error.message}`);
      return 1;
    }
    console.error(`demo: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo: failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
