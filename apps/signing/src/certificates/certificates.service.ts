import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import {
  activateCertificateSchema,
  AppError,
  CertificateView,
  Events,
  mailRecipientOf,
  MailTemplates,
  Patterns,
  requireCompanyMember,
  requireCompanyPermission,
  revokeCertificateSchema,
  systemActor,
  UserContact,
} from '@app/contracts';
import { DatabaseHandle, Executor, inTransaction } from '@app/db';
import { CONFIG, currentActor, DATABASE, enqueueEvent, ServiceClient } from '@app/messaging';
import { outbox } from '../database/signing.schema';
import { PlatformCaService } from '../platform/platform-ca.service';
import { SigningSecrets } from '../platform/signing-secrets';
import { activationFailed, certificateError } from './certificate.errors';
import { toCertificateView } from './certificate-view';
import { CertificatesRepository } from './certificates.repository';
import { issueUserCertificate } from './user-certificate';

/**
 * Wrong 証明書有効性確認 tries in a row (a wrong PIN, a wrong login password or both: they count alike, D11) that lock
 * a certificate for one user (decided here, DOMAIN.md).
 */
export const LOCK_AFTER_WRONG_PINS = 5;

/** A certificate's subject on one line, as the mails show it. */
const subjectLine = (subject: string) => subject.replace(/\n/g, ', ').slice(0, 300);

/**
 * 証明書管理: the administrator issues a certificate for a signer and links it
 * to further user IDs, each link with its own mailed PIN; each holder does
 * 証明書有効性確認 (PIN + login password) once before it can sign with it.
 */
@Injectable()
export class CertificatesService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly repository: CertificatesRepository,
    private readonly platform: PlatformCaService,
    private readonly secrets: SigningSecrets,
    private readonly services: ServiceClient,
  ) {}

  async issue(userId: string): Promise<CertificateView> {
    const actor = currentActor();
    const companyId = requireCompanyPermission(actor, 'certificates:manage');
    const holder = await this.signerOf(companyId, userId);
    const record = await issueUserCertificate(this.platform.engine, this.config, holder, actor.userId ?? 'unknown');
    const pin = this.secrets.newPin();
    const pinHash = await this.secrets.hashPin(pin);
    await inTransaction(this.database.db, async (tx) => {
      await this.repository.insert(tx, record);
      await this.addHolder(tx, record.serialNumber, record.subject, holder, pinHash, pin, actor.userId ?? 'unknown');
    });
    return this.view(companyId, record.serialNumber);
  }

  async link(serialNumber: string, userId: string): Promise<CertificateView> {
    const actor = currentActor();
    const companyId = requireCompanyPermission(actor, 'certificates:manage');
    const holder = await this.signerOf(companyId, userId);
    const pin = this.secrets.newPin();
    const pinHash = await this.secrets.hashPin(pin);
    await inTransaction(this.database.db, async (tx) => {
      const certificate = await this.usable(companyId, serialNumber, tx);
      if (await this.repository.holder(serialNumber, userId, tx)) {
        throw certificateError('CERTIFICATE_ALREADY_LINKED');
      }
      await this.addHolder(tx, serialNumber, certificate.subject, holder, pinHash, pin, actor.userId ?? 'unknown');
    });
    return this.view(companyId, serialNumber);
  }

  /** The administrator sees every certificate of its company; a user sees those linked to it. */
  async list(): Promise<{ items: CertificateView[] }> {
    const actor = currentActor();
    const rows =
      actor.kind === 'user' && actor.roles.includes('administrator') && actor.companyId
        ? await this.repository.listForCompany(actor.companyId)
        : actor.kind === 'user' && actor.userId && actor.companyId
          ? (await this.repository.listForHolder(actor.userId)).filter((row) => row.companyId === actor.companyId)
          : undefined;
    if (!rows) {
      throw AppError.of(actor.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
    }
    const holders = await this.repository.holdersOf(rows.map((row) => row.serialNumber));
    const visible = actor.roles.includes('administrator') ? holders : holders.filter((holder) => holder.userId === actor.userId);
    return { items: rows.map((row) => toCertificateView(row, visible)) };
  }

  /**
   * 証明書有効性確認: the PIN and the login password (also counted by
   * identity toward the user ID's lock). Both are checked every time and any
   * wrong combination counts one wrong try and gets one answer,
   * CERTIFICATE_ACTIVATION_FAILED with the tries left (the fifth wrong try in
   * a row locks the certificate for this user: 423 CERTIFICATE_LOCKED), so
   * neither the reply, its count nor the time it takes tells whether the PIN
   * was right.
   */
  async activate(input: z.output<typeof activateCertificateSchema>): Promise<CertificateView> {
    const actor = currentActor();
    const { userId, companyId } = requireCompanyMember(actor);
    const pin = this.secrets.open(input.pin, 'pin', `${input.serialNumber}:${userId}`);
    const certificate = await this.repository.findInCompany(companyId, input.serialNumber);
    const holder = certificate && (await this.repository.holder(input.serialNumber, userId));
    if (!certificate || !holder) {
      throw AppError.of('NOT_FOUND');
    }
    this.assertUsable(certificate);
    if (holder.lockedAt) {
      throw certificateError('CERTIFICATE_LOCKED');
    }
    const [pinRight, passwordRight] = await Promise.all([
      this.secrets.pinMatches(holder.pinHash, pin),
      this.loginPasswordMatches(userId, input.loginPassword),
    ]);
    if (!pinRight || !passwordRight) {
      // Whom the lock mail goes to, asked before the row is locked (only when this try may lock it).
      const contact = holder.failedPins + 1 >= LOCK_AFTER_WRONG_PINS ? await this.contactOf(userId) : undefined;
      const failedPins = await inTransaction(this.database.db, async (tx) => {
        const current = await this.repository.holder(input.serialNumber, userId, tx, true);
        const failed = Math.min(LOCK_AFTER_WRONG_PINS, (current?.failedPins ?? 0) + 1);
        const lockedAt = failed >= LOCK_AFTER_WRONG_PINS ? new Date() : null;
        await this.repository.updateHolder(tx, input.serialNumber, userId, { failedPins: failed, lockedAt });
        if (lockedAt && !current?.lockedAt) {
          // The lock and its mail (「証明書ロックのお知らせ」) commit together.
          await enqueueEvent(tx, outbox, Events.notificationRequested, {
            template: MailTemplates.certificateLocked,
            to: mailRecipientOf(contact ?? (await this.contactOf(userId))),
            params: {
              userId,
              certificateSerial: input.serialNumber,
              certificateSubject: subjectLine(certificate.subject),
              lockedAt: lockedAt.toISOString(),
            },
          });
        }
        return failed;
      });
      if (failedPins >= LOCK_AFTER_WRONG_PINS) {
        throw certificateError('CERTIFICATE_LOCKED');
      }
      throw activationFailed(LOCK_AFTER_WRONG_PINS - failedPins);
    }
    await inTransaction(this.database.db, (tx) =>
      this.repository.updateHolder(tx, input.serialNumber, userId, { failedPins: 0, activatedAt: holder.activatedAt ?? new Date() }),
    );
    return this.view(companyId, input.serialNumber, userId);
  }

  /** Identity checks the sealed password and counts a wrong one toward the user ID's lockout. */
  private async loginPasswordMatches(userId: string, sealedPassword: string): Promise<boolean> {
    try {
      await this.services.send(Patterns.identity.verifyPassword, { userId, password: sealedPassword });
      return true;
    } catch (error) {
      if (error instanceof AppError && ['LOGIN_PASSWORD_WRONG', 'INVALID_CREDENTIALS'].includes(error.reply.code)) {
        return false;
      }
      throw error;
    }
  }

  async revoke(input: z.output<typeof revokeCertificateSchema>): Promise<CertificateView> {
    const companyId = requireCompanyPermission(currentActor(), 'certificates:manage');
    const certificate = await inTransaction(this.database.db, async (tx) => {
      const found = await this.repository.findInCompany(companyId, input.serialNumber, tx, true);
      if (!found) {
        throw AppError.of('NOT_FOUND');
      }
      if (!found.revokedAt) {
        await this.repository.revoke(tx, found.serialNumber, input.reason);
      }
      return found;
    });
    this.platform.engine.forgetSigner(Buffer.from(certificate.certificateDer, 'base64'));
    return this.view(companyId, input.serialNumber);
  }

  async unlock(serialNumber: string, userId: string): Promise<CertificateView> {
    const companyId = requireCompanyPermission(currentActor(), 'certificates:manage');
    await inTransaction(this.database.db, async (tx) => {
      const holder =
        (await this.repository.findInCompany(companyId, serialNumber, tx)) &&
        (await this.repository.holder(serialNumber, userId, tx, true));
      if (!holder) {
        throw AppError.of('NOT_FOUND');
      }
      await this.repository.updateHolder(tx, serialNumber, userId, { failedPins: 0, lockedAt: null });
    });
    return this.view(companyId, serialNumber);
  }

  /** A holder's name, address and language for a mail, from identity. */
  private contactOf(userId: string): Promise<UserContact> {
    return this.services.send(Patterns.identity.userContact, { userId }, { actor: systemActor(currentActor().requestId) });
  }

  /** The user, checked by identity to belong to the company, be active and have the signer role. */
  private async signerOf(companyId: string, userId: string): Promise<UserContact> {
    let contact: UserContact;
    try {
      contact = await this.services.send(Patterns.identity.userContact, { userId }, { actor: systemActor(currentActor().requestId) });
    } catch (error) {
      if (error instanceof AppError && error.reply.status === 404) {
        throw AppError.of('NOT_FOUND');
      }
      throw error;
    }
    if (contact.companyId !== companyId) {
      throw AppError.of('NOT_FOUND');
    }
    if (contact.status !== 'ACTIVE' || !contact.roles.includes('signer')) {
      throw certificateError('CERTIFICATE_NEEDS_SIGNER');
    }
    return contact;
  }

  private async usable(companyId: string, serialNumber: string, tx: Executor) {
    const certificate = await this.repository.findInCompany(companyId, serialNumber, tx, true);
    if (!certificate) {
      throw AppError.of('NOT_FOUND');
    }
    this.assertUsable(certificate);
    return certificate;
  }

  private assertUsable(certificate: { revokedAt: Date | null; notAfter: Date }): void {
    if (certificate.revokedAt) {
      throw certificateError('CERTIFICATE_REVOKED');
    }
    if (certificate.notAfter <= new Date()) {
      throw certificateError('CERTIFICATE_EXPIRED');
    }
  }

  /** The link and its PIN mail (「PIN のお知らせ」) commit together: no PIN is mailed for a link that did not happen. */
  private async addHolder(
    tx: Executor,
    serialNumber: string,
    subject: string,
    holder: UserContact,
    pinHash: string,
    pin: string,
    linkedBy: string,
  ) {
    await this.repository.insertHolder(tx, { serialNumber, userId: holder.userId, companyId: holder.companyId, pinHash, linkedBy });
    await enqueueEvent(tx, outbox, Events.notificationRequested, {
      template: MailTemplates.certificatePin,
      to: mailRecipientOf(holder),
      params: { certificateSerial: serialNumber, certificateSubject: subjectLine(subject) },
      secret: this.secrets.sealForMail(MailTemplates.certificatePin, holder.email, pin),
    });
  }

  private async view(companyId: string, serialNumber: string, onlyHolder?: string): Promise<CertificateView> {
    const certificate = await this.repository.findInCompany(companyId, serialNumber);
    if (!certificate) {
      throw AppError.of('NOT_FOUND');
    }
    const holders = await this.repository.holdersOf([serialNumber]);
    return toCertificateView(certificate, onlyHolder ? holders.filter((holder) => holder.userId === onlyHolder) : holders);
  }
}
