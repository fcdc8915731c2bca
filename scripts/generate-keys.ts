import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KEY_VARIABLES, KeyVariable } from '@app/config';
import { generateSealKeyPair } from '@app/contracts';

/** A complete, fresh key set for one installation (docs/deploy.md, "Secrets"). */
export function generateKeySet(): Record<KeyVariable, string> {
  const identity = generateSealKeyPair();
  const notification = generateSealKeyPair();
  const signing = generateSealKeyPair();
  return {
    IDENTITY_SEAL_PUBLIC_KEY: identity.publicKey,
    IDENTITY_SEAL_PRIVATE_KEY: identity.privateKey,
    NOTIFICATION_SEAL_PUBLIC_KEY: notification.publicKey,
    NOTIFICATION_SEAL_PRIVATE_KEY: notification.privateKey,
    SIGNING_SEAL_PUBLIC_KEY: signing.publicKey,
    SIGNING_SEAL_PRIVATE_KEY: signing.privateKey,
    SIGNING_MASTER_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
  };
}

const USAGE = [
  'usage / 使い方: npm run keys:generate [-- --out <dir>]',
  '  without --out: prints NAME=value lines (an env file) on stdout',
  '  with --out: writes one file per key into <dir> (mode 0600), for <NAME>_FILE or a Kubernetes secret generator',
].join('\n');

/**
 * `npm run keys:generate`: never reads or changes existing keys. Runs without any config (no
 * database), so it also works as the image's command before anything else exists.
 */
function main(argv: string[]): number {
  let out: string | undefined;
  try {
    out = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true }).values.out;
  } catch {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  const keys = generateKeySet();
  if (out === undefined) {
    process.stdout.write(KEY_VARIABLES.map((name) => `${name}=${keys[name]}\n`).join(''));
    return 0;
  }
  try {
    mkdirSync(out, { recursive: true, mode: 0o700 });
    for (const name of KEY_VARIABLES) {
      // wx: an existing key is never overwritten (its data would become unreadable).
      writeFileSync(path.join(out, name), `${keys[name]}\n`, { mode: 0o600, flag: 'wx' });
    }
  } catch (error) {
    process.stderr.write(`keys:generate: ${(error as Error).message} / 鍵ファイルを書き込めませんでした (nothing overwritten)\n`);
    return 1;
  }
  process.stdout.write(`keys:generate: wrote ${KEY_VARIABLES.length} key files to ${out} / 鍵ファイルを書き込みました\n`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
