// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect polyfill loaded first.
import 'reflect-metadata';
import { createPrivateKey, KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 signs through WebCrypto; node's implementation is the one we trust and measure.
x509.cryptoProvider.set(webcrypto as never);

export const KeyAlgorithms = ['rsa-2048', 'rsa-3072', 'ecdsa-p256', 'ecdsa-p384'] as const;
export type KeyAlgorithm = (typeof KeyAlgorithms)[number];

/** A key pair in both forms: CryptoKeys for @peculiar/x509, KeyObjects for node:crypto signing. */
export interface GeneratedKeyPair {
  readonly cryptoKeys: webcrypto.CryptoKeyPair;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function webCryptoAlgorithm(algorithm: KeyAlgorithm): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams {
  switch (algorithm) {
    case 'rsa-2048':
    case 'rsa-3072':
      return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    case 'ecdsa-p256':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'ecdsa-p384':
      return { name: 'ECDSA', namedCurve: 'P-384' };
  }
}

/** The certificate signature algorithm a key of this kind signs with. */
export function signingAlgorithm(algorithm: KeyAlgorithm): webcrypto.Algorithm | webcrypto.EcdsaParams {
  return algorithm.startsWith('ecdsa')
    ? { name: 'ECDSA', hash: algorithm === 'ecdsa-p384' ? 'SHA-384' : 'SHA-256' }
    : { name: 'RSASSA-PKCS1-v1_5' };
}

export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<GeneratedKeyPair> {
  const params = webCryptoAlgorithm(algorithm);
  const generate =
    'namedCurve' in params
      ? params
      : { ...params, modulusLength: algorithm === 'rsa-3072' ? 3072 : 2048, publicExponent: new Uint8Array([1, 0, 1]) };
  const cryptoKeys = await webcrypto.subtle.generateKey(generate, true, ['sign', 'verify']);
  return {
    cryptoKeys,
    privateKey: KeyObject.from(cryptoKeys.privateKey),
    publicKey: KeyObject.from(cryptoKeys.publicKey),
  };
}

/** Which of our algorithms a private key is, so a key loaded from a file can be used by WebCrypto. */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') {
    return (details?.modulusLength ?? 0) >= 3072 ? 'rsa-3072' : 'rsa-2048';
  }
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') {
    return 'ecdsa-p256';
  }
  if (key.asymmetricKeyType === 'ec' && details?.namedCurve === 'secp384r1') {
    return 'ecdsa-p384';
  }
  throw new Error(`unsupported key type ${key.asymmetricKeyType ?? '?'} ${details?.namedCurve ?? ''}`);
}

/** A private key from PEM or a KeyObject, as both a KeyObject and a (non-extractable) webcrypto.CryptoKey. */
export async function importPrivateKey(key: string | KeyObject): Promise<{ keyObject: KeyObject; cryptoKey: webcrypto.CryptoKey }> {
  const keyObject = typeof key === 'string' ? createPrivateKey(key) : key;
  const der = keyObject.export({ format: 'der', type: 'pkcs8' });
  const cryptoKey = await webcrypto.subtle.importKey('pkcs8', der, webCryptoAlgorithm(keyAlgorithmOf(keyObject)), false, ['sign']);
  return { keyObject, cryptoKey };
}
