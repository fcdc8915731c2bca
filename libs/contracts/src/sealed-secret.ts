import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  KeyObject,
  randomBytes,
} from 'node:crypto';
import { z } from 'zod';
import { AppError } from './errors';

/**
 * How a secret (a password, a PIN, a one-time link) crosses a process
 * boundary: sealed to the one service that needs it in clear, never as
 * plain text in a message, a queue or a table of the sender.
 *
 * X25519 key agreement with a fresh ephemeral key, HKDF-SHA256, AES-256-GCM.
 * The `context` (e.g. "mail:initial-password:U000123") is authenticated, so a
 * sealed value cannot be replayed into another mail or request.
 * Format: `v1.<ephemeral public key>.<iv>.<ciphertext>.<tag>`, each base64url.
 */
export const sealedSecretSchema = z
  .string()
  .max(4096)
  .regex(/^v1\.[A-Za-z0-9_-]{59}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/, 'must be a sealed secret (v1)');
export type SealedSecret = z.infer<typeof sealedSecretSchema>;

const INFO = Buffer.from('inkan-sealed-secret-v1');

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

/** A base64 SPKI (public) or PKCS#8 (private) X25519 key from config. */
export function sealPublicKey(base64: string): KeyObject {
  return createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
}

export function sealPrivateKey(base64: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
}

export function generateSealKeyPair(): { publicKey: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

function keyFor(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), INFO, 32));
}

export function seal(recipient: KeyObject, plaintext: string, context: string): SealedSecret {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
  const recipientPublic = recipient.export({ type: 'spki', format: 'der' });
  const key = keyFor(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), ephemeralPublic, recipientPublic);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', ephemeralPublic, iv, ciphertext, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Opens a sealed secret; throws SealError if the key, the context or the bytes do not match. */
export function unseal(recipient: KeyObject, sealed: SealedSecret, context: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') {
    throw new SealError('not a sealed secret');
  }
  const [, ephemeralB64, ivB64, ciphertextB64, tagB64] = parts as [string, string, string, string, string];
  try {
    const ephemeralPublic = Buffer.from(ephemeralB64, 'base64url');
    const ephemeral = createPublicKey({ key: ephemeralPublic, format: 'der', type: 'spki' });
    const recipientPublic = createPublicKey(recipient).export({ type: 'spki', format: 'der' });
    const key = keyFor(diffieHellman({ privateKey: recipient, publicKey: ephemeral }), ephemeralPublic, recipientPublic);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivB64, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tagB64, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertextB64, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('the sealed secret cannot be opened with this key and context');
  }
}

/** For a request handler: a secret that cannot be opened is the caller's problem (400 SECRET_UNREADABLE), not a crash. */
export function unsealFromRequest(recipient: KeyObject, sealed: SealedSecret, context: string): string {
  try {
    return unseal(recipient, sealed, context);
  } catch {
    throw AppError.of('SECRET_UNREADABLE');
  }
}
