import { Injectable } from '@nestjs/common';
import { Events, MailTemplates } from '@app/contracts';
import { Executor } from '@app/db';
import { enqueueEvent } from '@app/messaging';
import { outbox } from '../database/identity.schema';
import { IdentitySecrets } from '../secrets/identity-secrets';

interface Recipient {
  id: string;
  companyId: string | null;
  name: string;
  email: string;
  language: 'ja' | 'en';
}

/**
 * The mails identity asks for, always in the transaction of the change they
 * report, so a refused or rolled-back request never sends one.
 */
@Injectable()
export class IdentityMails {
  constructor(private readonly secrets: IdentitySecrets) {}

  /** Registration sends two separate mails, as the seed requires: the user ID, then the initial password. */
  async registered(tx: Executor, user: Recipient, companyName: string, initialPassword: string): Promise<void> {
    await enqueueEvent(tx, outbox, Events.notificationRequested, {
      template: MailTemplates.userRegistered,
      to: toRecipient(user),
      params: { userId: user.id, companyName },
    });
    await this.initialPassword(tx, user, initialPassword, 'registered');
  }

  async initialPassword(tx: Executor, user: Recipient, initialPassword: string, reason: 'registered' | 'reset'): Promise<void> {
    await enqueueEvent(tx, outbox, Events.notificationRequested, {
      template: MailTemplates.initialPassword,
      to: toRecipient(user),
      params: { userId: user.id, reason },
      secret: this.secrets.sealForMail(MailTemplates.initialPassword, user.email, initialPassword),
    });
  }

  async locked(tx: Executor, subject: Recipient, lockedAt: Date): Promise<void> {
    if (!subject.id.startsWith('U')) {
      return; // operators are unlocked by another operator; the mail template speaks of user IDs
    }
    await enqueueEvent(tx, outbox, Events.notificationRequested, {
      template: MailTemplates.accountLocked,
      to: toRecipient(subject),
      params: { userId: subject.id, lockedAt: lockedAt.toISOString() },
    });
  }

  /** パスワード再設定: the link (it holds the single-use token) travels sealed, as the invitation's does. */
  async passwordReset(tx: Executor, user: Recipient, link: string, expiresAt: Date): Promise<void> {
    await enqueueEvent(tx, outbox, Events.notificationRequested, {
      template: MailTemplates.passwordReset,
      to: toRecipient(user),
      params: { userId: user.id, expiresAt: expiresAt.toISOString() },
      secret: this.secrets.sealForMail(MailTemplates.passwordReset, user.email, link),
    });
  }

  async invitation(
    tx: Executor,
    email: string,
    language: 'ja' | 'en',
    invitingCompanyName: string,
    link: string,
    expiresAt: Date,
  ): Promise<void> {
    await enqueueEvent(tx, outbox, Events.notificationRequested, {
      template: MailTemplates.partnerInvitation,
      to: { email, name: email, language },
      params: { invitingCompanyName, expiresAt: expiresAt.toISOString() },
      secret: this.secrets.sealForMail(MailTemplates.partnerInvitation, email, link),
    });
  }
}

function toRecipient(user: Recipient) {
  return {
    email: user.email,
    name: user.name,
    language: user.language,
    ...(user.id.startsWith('U') ? { userId: user.id } : {}),
    ...(user.companyId ? { companyId: user.companyId } : {}),
  };
}
