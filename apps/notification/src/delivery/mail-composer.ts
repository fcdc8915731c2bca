import { createHash, KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { MailTemplate, mailSecretContext, SealError, sealPrivateKey, unseal } from '@app/contracts';
import { CONFIG } from '@app/messaging';
import { DeliveryRow } from '../database/notification.schema';
import { linksFor } from '../templates/formatting';
import { Links, MailLanguage } from '../templates/mail-content';
import { renderMail } from '../templates/render-mail';
import { OutgoingMail } from './mail-transport';

/**
 * The SMTP Message-ID of the mail an event asked for, derived from the event's
 * message ID: a mail sent twice (a crash between the server's "250" and our
 * commit) carries the same ID both times, so mail systems can fold them.
 */
export function smtpMessageIdFor(eventMessageId: string, mailFrom: string): string {
  const domain = /@([^@<>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'inkan.localhost';
  const local = /^[A-Za-z0-9._-]{1,128}$/.test(eventMessageId) ? eventMessageId : createHash('sha256').update(eventMessageId).digest('hex');
  return `<${local}@${domain}>`;
}

/**
 * Turns a delivery row into the mail to send. This is the only place the
 * secret exists in clear: opened from the sealed value right before
 * rendering, kept in the returned mail only, never stored or logged.
 */
@Injectable()
export class MailComposer {
  private readonly privateKey: KeyObject;
  private readonly links: Links;

  constructor(@Inject(CONFIG) private readonly config: AppConfig) {
    this.privateKey = sealPrivateKey(config.NOTIFICATION_SEAL_PRIVATE_KEY);
    this.links = linksFor(config.PUBLIC_BASE_URL);
  }

  /** Throws UnreadableSecretError when the sealed secret does not open with our key for this template and address. */
  compose(delivery: DeliveryRow): OutgoingMail {
    const template = delivery.template as MailTemplate;
    const language = delivery.language as MailLanguage;
    const secret = delivery.sealedSecret === null ? undefined : this.open(delivery.sealedSecret, template, delivery.recipientEmail);
    const rendered = renderMail({
      template,
      language,
      recipientName: delivery.recipientName,
      params: delivery.params,
      secret,
      links: this.links,
    });
    return {
      from: this.config.MAIL_FROM,
      to: { name: delivery.recipientName, address: delivery.recipientEmail },
      ...rendered,
      messageId: delivery.smtpMessageId,
      headers: { 'Content-Language': language, 'Auto-Submitted': 'auto-generated', 'X-Inkan-Template': template },
    };
  }

  private open(sealed: string, template: MailTemplate, email: string): string {
    try {
      const secret = unseal(this.privateKey, sealed, mailSecretContext(template, email));
      if (template === 'partner-invitation' && !/^https?:\/\//.test(secret)) {
        throw new UnreadableSecretError('the invitation link is not an http(s) URL');
      }
      return secret;
    } catch (error) {
      if (error instanceof SealError) {
        throw new UnreadableSecretError(error.message);
      }
      throw error;
    }
  }
}

export class UnreadableSecretError extends Error {
  constructor(reason: string) {
    super(`the sealed secret cannot be used: ${reason}`);
    this.name = 'UnreadableSecretError';
  }
}
