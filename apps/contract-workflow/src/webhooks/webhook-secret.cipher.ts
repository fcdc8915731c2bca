import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { CONFIG } from '@app/messaging';

/** A new subscriber secret: shown once, then kept only encrypted. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Webhook secrets must be readable again to sign each delivery (HMAC needs
 * the key), so they are encrypted, not hashed: AES-256-GCM under
 * WEBHOOK_SECRET_KEY, bound to the subscription ID so a ciphertext copied to
 * another row does not open. Format `v1.<iv>.<ciphertext>.<tag>` (base64url).
 */
@Injectable()
export class WebhookSecretCipher {
  private readonly key: Buffer;

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.key = Buffer.from(config.WEBHOOK_SECRET_KEY, 'base64');
  }

  encrypt(subscriptionId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`webhook:${subscriptionId}`));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(subscriptionId: string, stored: string): string {
    const [version, iv, ciphertext, tag] = stored.split('.');
    if (version !== 'v1' || !iv || !ciphertext || !tag) {
      throw new Error('webhook secret: unknown format');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`webhook:${subscriptionId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
