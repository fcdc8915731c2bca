import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppConfig, databaseUrlFor } from '@app/config';
import { Database, openDatabase } from '@app/db';
import { operators } from '@apps/identity/src/database/identity.schema';
import { ensureOperator } from '@apps/identity/src/operators/operator-bootstrap';
import { generateInitialPassword } from '@apps/identity/src/secrets/identity-secrets';
import { runCli } from './cli';
import { migrateAll } from './migrate';

const argsSchema = z.object({ name: z.string().trim().min(1).max(100), email: z.string().trim().toLowerCase().pipe(z.email()) });

/**
 * The first platform operator of an installation (only an operator can create
 * companies, so the API cannot make the first one). Prints its ID and a random
 * initial password once; the operator must change it at first login.
 */
export async function createOperator(
  config: AppConfig,
  input: { name: string; email: string },
): Promise<{ operatorId: string; initialPassword?: string }> {
  const database = openDatabase(databaseUrlFor(config, 'identity'), { poolSize: 1, applicationName: 'inkan-create-operator' });
  try {
    const initialPassword = generateInitialPassword();
    const before = await ensureOperatorExists(database.db, input.email);
    if (before) {
      return { operatorId: before };
    }
    const operatorId = await ensureOperator(database.db, { ...input, password: initialPassword, mustChangePassword: true });
    return { operatorId, initialPassword };
  } finally {
    await database.close();
  }
}

async function ensureOperatorExists(db: Database, email: string): Promise<string | undefined> {
  const [row] = await db.select({ id: operators.id }).from(operators).where(eq(operators.email, email));
  return row?.id;
}

async function main(config: AppConfig): Promise<number> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, email: { type: 'string' } }, strict: true });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write('usage / 使い方: npm run operator:create -- --name "運営 太郎" --email operator@example.jp\n');
    return 64;
  }
  await migrateAll(config, () => undefined);
  const { operatorId, initialPassword } = await createOperator(config, parsed.data);
  if (!initialPassword) {
    console.log(`operator ${operatorId} already exists for ${parsed.data.email} / このメールアドレスの運営者は既に存在します`);
    return 0;
  }
  console.log(`operator / 運営者ID: ${operatorId}`);
  console.log(
    `initial password / 初期パスワード: ${initialPassword}  (shown once; change it at first login / 初回ログイン時に変更してください)`,
  );
  return 0;
}

if (require.main === module) {
  runCli('create-operator', main);
}
