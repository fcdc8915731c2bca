import { createCipheriv, createDecipheriv, createPrivateKey, KeyObject, randomBytes } from 'node:crypto';

/**
 * Private keys at rest: envelope encryption with AES-256-GCM. Each key gets
 * its own random data key; only that 32-byte data key is encrypted with the
 * master key, so rotating the master key re-wraps 60 bytes per certificate
 * and never touches the key material itself.
 *
 * Layout (version 1): 0x01 | wrapIv(12) | wrappedDataKey(32) | wrapTag(16) | iv(12) | tag(16) | ciphertext.
 * `context` (e.g. the certificate serial) is bound as associated data to both
 * layers, so a wrapped key copied onto another certificate's row fails to open.
 */
const VERSION = 1;
const IV = 12;
const TAG = 16;
const KEY = 32;
const HEADER = 1 + IV + KEY + TAG + IV + TAG;

function aad(layer: 'wrap' | 'key', context: string): Buffer {
  return Buffer.from(`inkan-private-key-v${VERSION}:${layer}:${context}`, 'utf8');
}

function assertMasterKey(masterKey: Buffer): void {
  if (masterKey.length !== KEY) {
    throw new Error(`the master key must be ${KEY} bytes (got ${masterKey.length})`);
  }
}

function seal(key: Buffer, plaintext: Buffer, associated: Buffer): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(associated);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function open(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, associated: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(associated).setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

export function wrapPrivateKey(privateKey: KeyObject, masterKey: Buffer, context = ''): Buffer {
  assertMasterKey(masterKey);
  const dataKey = randomBytes(KEY);
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  try {
    const wrapped = seal(masterKey, dataKey, aad('wrap', context));
    const sealed = seal(dataKey, pkcs8, aad('key', context));
    return Buffer.concat([Buffer.from([VERSION]), wrapped.iv, wrapped.ciphertext, wrapped.tag, sealed.iv, sealed.tag, sealed.ciphertext]);
  } finally {
    dataKey.fill(0);
    pkcs8.fill(0);
  }
}

/** Opens a wrapped key; throws if the master key, the context or a single byte is wrong. */
export function unwrapPrivateKey(wrapped: Buffer, masterKey: Buffer, context = ''): KeyObject {
  assertMasterKey(masterKey);
  if (wrapped.length <= HEADER || wrapped[0] !== VERSION) {
    throw new Error('not a wrapped private key (unknown version or too short)');
  }
  let at = 1;
  const take = (n: number): Buffer => wrapped.subarray(at, (at += n));
  const wrapIv = take(IV);
  const wrappedKey = take(KEY);
  const wrapTag = take(TAG);
  const iv = take(IV);
  const tag = take(TAG);
  const ciphertext = wrapped.subarray(at);
  const dataKey = open(masterKey, wrapIv, wrappedKey, wrapTag, aad('wrap', context));
  try {
    const pkcs8 = open(dataKey, iv, ciphertext, tag, aad('key', context));
    try {
      return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    } finally {
      pkcs8.fill(0);
    }
  } finally {
    dataKey.fill(0);
  }
}
