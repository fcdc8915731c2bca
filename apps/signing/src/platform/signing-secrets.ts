import { createHmac, KeyObject, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { AppConfig } from '@app/config';
import {
  MailTemplate,
  mailSecretContext,
  SealedSecret,
  seal,
  sealPrivateKey,
  sealPublicKey,
  signingSecretContext,
  unsealFromRequest,
} from '@app/contracts';
import { CONFIG } from '@app/messaging';

const PIN_HASH = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * Every secret signing touches: PINs and signing passwords arrive sealed to
 * SIGNING_SEAL_PRIVATE_KEY and leave (in mails) sealed to notification; PINs
 * are kept as argon2id hashes, signing passwords as an HMAC under the master
 * key (they are random and expire within a day); private keys only wrapped.
 */
@Injectable()
export class SigningSecrets {
  readonly masterKey: Buffer;
  private readonly ownKey: KeyObject;
  private readonly notificationKey: KeyObject;

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.masterKey = Buffer.from(config.SIGNING_MASTER_KEY, 'base64');
    this.ownKey = sealPrivateKey(config.SIGNING_SEAL_PRIVATE_KEY);
    this.notificationKey = sealPublicKey(config.NOTIFICATION_SEAL_PUBLIC_KEY);
  }

  open(sealed: SealedSecret, purpose: 'pin' | 'signing-password', subject: string): string {
    return unsealFromRequest(this.ownKey, sealed, signingSecretContext(purpose, subject));
  }

  sealForMail(template: MailTemplate, email: string, secret: string): SealedSecret {
    return seal(this.notificationKey, secret, mailSecretContext(template, email));
  }

  /** An 8-digit certificate PIN (暗証番号) from the CSPRNG. */
  newPin(): string {
    return Array.from({ length: 8 }, () => String(randomInt(10))).join('');
  }

  hashPin(pin: string): Promise<string> {
    return argon2.hash(pin, PIN_HASH);
  }

  async pinMatches(hash: string, pin: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, pin);
    } catch {
      return false;
    }
  }

  /** A 12-character one-time signing password (about 70 bits), without look-alike characters. */
  newSigningPassword(): string {
    return Array.from({ length: 12 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
  }

  signingPasswordMac(passwordId: string, password: string): string {
    return createHmac('sha256', this.masterKey).update(`signing-password:${passwordId}:${password}`).digest('hex');
  }

  macMatches(expected: string, actual: string): boolean {
    const a = Buffer.from(expected, 'hex');
    const b = Buffer.from(actual, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
