import { createHash, KeyObject, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import {
  identitySecretContext,
  MailTemplate,
  mailSecretContext,
  SealedSecret,
  seal,
  sealPrivateKey,
  sealPublicKey,
  unsealFromRequest,
} from '@app/contracts';
import { CONFIG } from '@app/messaging';
import { PASSWORD_SYMBOLS } from '../passwords/password-policy';

/**
 * Secrets that reach identity arrive sealed to IDENTITY_SEAL_PRIVATE_KEY;
 * secrets identity mails leave sealed to the notification service. Nothing
 * here is logged or stored in clear.
 */
@Injectable()
export class IdentitySecrets {
  private readonly ownKey: KeyObject;
  private readonly notificationKey: KeyObject;

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.ownKey = sealPrivateKey(config.IDENTITY_SEAL_PRIVATE_KEY);
    this.notificationKey = sealPublicKey(config.NOTIFICATION_SEAL_PUBLIC_KEY);
  }

  open(sealed: SealedSecret, purpose: Parameters<typeof identitySecretContext>[0], subject: string): string {
    return unsealFromRequest(this.ownKey, sealed, identitySecretContext(purpose, subject));
  }

  sealForMail(template: MailTemplate, email: string, secret: string): SealedSecret {
    return seal(this.notificationKey, secret, mailSecretContext(template, email));
  }
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';

/** An initial password that meets the rule: 16 characters with letters, digits and symbols, ambiguous characters left out. */
export function generateInitialPassword(): string {
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)];
  const all = LETTERS + DIGITS + PASSWORD_SYMBOLS;
  const characters = [pick(LETTERS), pick(DIGITS), pick(PASSWORD_SYMBOLS), ...Array.from({ length: 13 }, () => pick(all))];
  for (let index = characters.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [characters[index], characters[other]] = [characters[other], characters[index]];
  }
  return characters.join('');
}
