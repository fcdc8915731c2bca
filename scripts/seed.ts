import { AppConfig, databaseUrlFor } from '@app/config';
import { openDatabase } from '@app/db';
import { DemoAccount, DEMO_PASSWORD, seedIdentityDemo } from '@apps/identity/src/demo/demo-data';
import { DemoCertificate, seedSigningDemo } from '@apps/signing/src/demo/demo-certificates';
import { runCli } from './cli';
import { migrateAll } from './migrate';

/** Demo accounts have a public password: a production installation never gets them. */
export const SEED_REFUSED_IN_PRODUCTION =
  'seed: refused with NODE_ENV=production — demo accounts share a public password; create the first operator with `npm run operator:create` / ' +
  '本番モード (NODE_ENV=production) ではデモデータを投入しません。最初の運営者は `npm run operator:create` で作成してください';

/**
 * Demo data for local runs: an operator, the seed manual's two companies
 * (発注建設株式会社 sends, 株式会社受注工務店 receives) with their users, and
 * an active certificate for every signer. Idempotent, so `npm start` runs it
 * every time.
 */
export async function seedDemoData(config: AppConfig, log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  if (config.NODE_ENV === 'production') {
    throw new Error(SEED_REFUSED_IN_PRODUCTION);
  }
  const accounts = await seedIdentity(config);
  log(`seed: demo accounts (password for all: ${DEMO_PASSWORD})`);
  for (const account of accounts) {
    const company = account.company ? `${account.company.companyId} ${account.company.name}` : '(platform operator)';
    log(`  ${account.loginId}  ${account.name}  ${company}  [${roleLabels(account)}]`);
  }
  const certificates = await seedCertificates(config, accounts, log);
  log('seed: demo certificates, active for their signer (証明書有効性確認 done, no PIN needed)');
  for (const certificate of certificates) {
    const holder = accounts.find((account) => account.loginId === certificate.userId);
    log(`  ${certificate.userId}  ${holder?.name ?? ''}  serial ${certificate.serialNumber}`);
  }
}

async function seedIdentity(config: AppConfig): Promise<DemoAccount[]> {
  const identity = openDatabase(databaseUrlFor(config, 'identity'), { poolSize: 1, applicationName: 'inkan-seed' });
  try {
    return await seedIdentityDemo(identity.db);
  } finally {
    await identity.close();
  }
}

async function seedCertificates(config: AppConfig, accounts: DemoAccount[], log: (line: string) => void): Promise<DemoCertificate[]> {
  const signers = accounts.flatMap((account) =>
    account.company && account.roles.includes('signer')
      ? [
          {
            userId: account.loginId,
            companyId: account.company.companyId,
            companyName: account.company.name,
            department: account.department,
            name: account.name,
            email: account.email,
          },
        ]
      : [],
  );
  // Two connections: the repository reads beside the transaction that holds the per-signer lock.
  const signing = openDatabase(databaseUrlFor(config, 'signing'), { poolSize: 2, applicationName: 'inkan-seed' });
  try {
    return await seedSigningDemo(signing, config, signers, (message) => log(`seed: ${message}`));
  } finally {
    await signing.close();
  }
}

function roleLabels(account: DemoAccount): string {
  if (!account.company) {
    return 'operator';
  }
  return [...(account.administrator ? ['管理用ID'] : []), ...account.roles, ...(account.bulkSign ? ['一括署名'] : [])].join(', ');
}

async function main(config: AppConfig): Promise<number> {
  if (config.NODE_ENV === 'production') {
    process.stderr.write(`${SEED_REFUSED_IN_PRODUCTION}\n`);
    return 78;
  }
  try {
    await migrateAll(config);
    await seedDemoData(config);
  } catch (error) {
    process.stderr.write(`seed: failed / デモデータの投入に失敗しました: ${(error as Error).message}\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  runCli('seed', main);
}
