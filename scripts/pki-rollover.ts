import { X509Certificate } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AppConfig, databaseUrlFor } from '@app/config';
import { openDatabase } from '@app/db';
import { loadPlatformCa } from '@apps/signing/src/platform/platform-ca.store';
import {
  AuthorityKind,
  platformAccessUrls,
  RolloverResult,
  rollOverIfDue,
  rolloverPolicy,
  usePeriodEnd,
} from '@apps/signing/src/platform/platform-keys';
import { runCli } from './cli';
import { migrateAll } from './migrate';

const USAGE = [
  'usage / 使い方: npm run pki:rollover -- [--tsa] [--ca] [--due]',
  '  --tsa  a new TSA key and certificate now / TSA の鍵を今すぐ更新',
  '  --ca   a new issuing CA key and certificate now (needs the root key) / 発行 CA の鍵を今すぐ更新（ルート鍵が必要）',
  '  --due  only what is due (as the signing service does on its own) / 期限が近いものだけ更新',
].join('\n');

/**
 * The operator's rollover: a new TSA and/or issuing CA key now (or only what is due), stored wrapped in signing's
 * database, exactly as a signing process does on its own before a use period ends. Running signing processes start
 * using the new key at their next check (SIGNING_ROLLOVER_CHECK_MINUTES); until then the old key, still inside its
 * use period, goes on signing. Returns what it did and the keys in use after it, one line each.
 */
export async function rollOverPlatformKeys(
  config: AppConfig,
  force: readonly AuthorityKind[],
): Promise<{ result: RolloverResult; lines: string[] }> {
  const database = openDatabase(databaseUrlFor(config, 'signing'), { poolSize: 1, applicationName: 'inkan-pki-rollover' });
  const lines: string[] = [];
  try {
    const engine = await loadPlatformCa(database.db, config);
    const policy = rolloverPolicy(config);
    const access = platformAccessUrls(config);
    const result = await rollOverIfDue(database.db, engine, {
      policy,
      masterKey: Buffer.from(config.SIGNING_MASTER_KEY, 'base64'),
      force,
      ...(access ? { access } : {}),
      log: (message, fields) => lines.push(`${message} ${JSON.stringify(fields ?? {})}`),
    });
    for (const ca of engine.issuingAuthorities) {
      const der = Buffer.from(ca.issuingCertificate.rawData);
      lines.push(
        `issuing CA G${ca.generation}${ca === engine.ca ? ' (issues now)' : ''}: serial ${ca.issuingCertificate.serialNumber}, ` +
          `issues until ${usePeriodEnd(der, policy.caUsePeriodDays).toISOString()}, valid until ${ca.issuingCertificate.notAfter.toISOString()}`,
      );
    }
    for (const tsa of engine.tsaKeys) {
      const certificate = new X509Certificate(tsa.certificate);
      lines.push(
        `TSA G${tsa.generation}${tsa.authority === engine.tsa ? ' (stamps now)' : ''}: serial ${certificate.serialNumber}, ` +
          `stamps until ${usePeriodEnd(tsa.certificate, policy.tsaUsePeriodDays).toISOString()}, valid until ${new Date(certificate.validTo).toISOString()}`,
      );
    }
    return { result, lines };
  } finally {
    await database.close();
  }
}

async function main(config: AppConfig): Promise<number> {
  let values: { tsa?: boolean; ca?: boolean; due?: boolean };
  try {
    ({ values } = parseArgs({ options: { tsa: { type: 'boolean' }, ca: { type: 'boolean' }, due: { type: 'boolean' } }, strict: true }));
  } catch {
    values = {};
  }
  if (!values.tsa && !values.ca && !values.due) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  await migrateAll(config, () => undefined);
  const force: AuthorityKind[] = [...(values.ca ? (['issuing-ca'] as const) : []), ...(values.tsa ? (['tsa'] as const) : [])];
  const { result, lines } = await rollOverPlatformKeys(config, force);
  console.log(JSON.stringify({ rolledOver: result }));
  for (const line of lines) {
    console.log(line);
  }
  return 0;
}

if (require.main === module) {
  runCli('pki-rollover', main);
}
