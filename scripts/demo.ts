import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@app/config';
import { mailDropDir } from '@apps/notification/src/delivery/mail-drop-dir';
import { ApiError, PlatformUnreachableError } from './demo/api-session';
import { DemoDataMissingError } from './demo/demo-cast';
import { runDemo } from './demo/demo-flow';

const USAGE = 'usage: npm run demo -- --out DIR [--url http://127.0.0.1:3000] [--mail-dir .inkan/mail] [--operator P000001]';

/**
 * `npm run demo -- --out DIR`: one contract through the whole two-company
 * flow on the running platform (`npm start`), only through its HTTP API and
 * the mails it wrote, then DIR/concluded-<number>.pdf, DIR/root-ca.pem and
 * DIR/audit-<number>.json. Secrets read from mails are used, never printed.
 */
async function main(argv: string[]): Promise<number> {
  let values: { out?: string; url?: string; 'mail-dir'?: string; operator?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, url: { type: 'string' }, 'mail-dir': { type: 'string' }, operator: { type: 'string' } },
    }));
  } catch (error) {
    console.error(`demo: ${(error as Error).message}\n${USAGE}`);
    return 64;
  }
  if (!values.out) {
    console.error(USAGE);
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
  console.log(`demo: 契約締結デモ / contract demo against ${baseUrl} (mails read from ${mailDir})`);

  let steps = 0;
  try {
    const result = await runDemo({
      baseUrl,
      outDir: path.resolve(values.out),
      mailDir,
      operatorId: values.operator ?? 'P000001',
      step: (ja, en, detail) => {
        steps += 1;
        console.log(`demo: [${String(steps).padStart(2)}] ${ja} / ${en} — ${detail}`);
      },
    });
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
