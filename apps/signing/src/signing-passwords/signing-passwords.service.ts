import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import { AppError, Events, issueSigningPasswordSchema, mailRecipientOf, MailTemplates, Patterns, systemActor } from '@app/contracts';
import { DatabaseHandle, Executor, inTransaction } from '@app/db';
import { CONFIG, currentActor, DATABASE, enqueueEvent, ServiceClient } from '@app/messaging';
import { certificateError, reissueLimitError } from '../certificates/certificate.errors';
import { outbox, signingPasswords } from '../database/signing.schema';
import { SigningSecrets } from '../platform/signing-secrets';

/** Wrong entries in a row that void a signing password. */
export const VOID_AFTER_WRONG_ENTRIES = 5;

/**
 * 署名用パスワード: issued for one signing request (one document, or one bulk
 * session) and one user, mailed sealed, never returned by any API; expires,
 * is used once, and is voided by five wrong entries.
 */
@Injectable()
export class SigningPasswordsService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly secrets: SigningSecrets,
    private readonly services: ServiceClient,
  ) {}

  /**
   * Only the platform itself (the contract workflow) asks for one; a new one
   * voids the open one of the same request. A re-issue the signer asked for
   * is limited to SIGNING_PASSWORD_REISSUES_PER_HOUR per request in any hour
   * (each one mails), and it does not reset the count of wrong entries: the
   * new password inherits the count of the one it replaces, so re-issuing
   * never buys fresh guesses (a voided one is replaced with a fresh count —
   * that is what re-issue is for — within the hourly limit).
   */
  async issue(input: z.output<typeof issueSigningPasswordSchema>): Promise<{ requestId: string; userId: string; expiresAt: string }> {
    const actor = currentActor();
    if (actor.kind !== 'system') {
      throw AppError.of('FORBIDDEN');
    }
    const user = await this.services.send(Patterns.identity.userContact, { userId: input.userId }, { actor: systemActor(actor.requestId) });
    if (user.status !== 'ACTIVE') {
      throw certificateError('CERTIFICATE_NEEDS_SIGNER');
    }
    const id = randomUUID();
    const password = this.secrets.newSigningPassword();
    const expiresAt = new Date(Date.now() + this.config.SIGNING_PASSWORD_TTL_HOURS * 3_600_000);
    await inTransaction(this.database.db, async (tx) => {
      // One issue at a time per (request, user): the count below cannot be raced past.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`signing-password:${input.requestId}:${input.userId}`}, 0))`);
      if (input.reissue) {
        await this.assertReissueAllowed(tx, input.requestId, input.userId);
      }
      const replaced = await tx
        .update(signingPasswords)
        .set({ voidedAt: sql`now()` })
        .where(
          and(
            eq(signingPasswords.requestId, input.requestId),
            eq(signingPasswords.userId, input.userId),
            isNull(signingPasswords.usedAt),
            isNull(signingPasswords.voidedAt),
          ),
        )
        .returning({ failedAttempts: signingPasswords.failedAttempts });
      await tx.insert(signingPasswords).values({
        id,
        requestId: input.requestId,
        userId: input.userId,
        companyId: user.companyId,
        passwordMac: this.secrets.signingPasswordMac(id, password),
        documentNumbers: input.documentNumbers,
        expiresAt,
        failedAttempts: replaced[0]?.failedAttempts ?? 0,
      });
      await enqueueEvent(tx, outbox, Events.notificationRequested, {
        template: MailTemplates.signingPassword,
        to: mailRecipientOf(user),
        params: { expiresAt: expiresAt.toISOString(), documentNumbers: input.documentNumbers },
        secret: this.secrets.sealForMail(MailTemplates.signingPassword, user.email, password),
      });
    });
    return { requestId: input.requestId, userId: input.userId, expiresAt: expiresAt.toISOString() };
  }

  /** Every password issued for the request in the last hour counts (the first one too); the oldest ageing out frees the next. */
  private async assertReissueAllowed(tx: Executor, requestId: string, userId: string): Promise<void> {
    const limit = this.config.SIGNING_PASSWORD_REISSUES_PER_HOUR;
    const recent = await tx
      .select({ createdAt: signingPasswords.createdAt })
      .from(signingPasswords)
      .where(
        and(
          eq(signingPasswords.requestId, requestId),
          eq(signingPasswords.userId, userId),
          gt(signingPasswords.createdAt, sql`now() - interval '1 hour'`),
        ),
      )
      .orderBy(desc(signingPasswords.createdAt));
    if (recent.length > limit) {
      throw reissueLimitError(limit, new Date(recent[limit].createdAt.getTime() + 3_600_000));
    }
  }

  /**
   * Checks the password for (request, user) and returns its ID; a wrong entry
   * is counted (the fifth voids it) and committed before the refusal. The
   * password stays unspent until `markUsed` runs in the signature's transaction.
   */
  async verify(requestId: string, userId: string, password: string): Promise<string> {
    const outcome = await inTransaction(this.database.db, async (tx) => {
      const [open] = await tx
        .select()
        .from(signingPasswords)
        .where(
          and(
            eq(signingPasswords.requestId, requestId),
            eq(signingPasswords.userId, userId),
            isNull(signingPasswords.usedAt),
            isNull(signingPasswords.voidedAt),
            gt(signingPasswords.expiresAt, sql`now()`),
          ),
        )
        .for('update');
      if (!open) {
        return { refused: 'SIGNING_PASSWORD_INVALID' as const, id: undefined };
      }
      if (this.secrets.macMatches(open.passwordMac, this.secrets.signingPasswordMac(open.id, password))) {
        return { refused: undefined, id: open.id };
      }
      const failedAttempts = open.failedAttempts + 1;
      const voided = failedAttempts >= VOID_AFTER_WRONG_ENTRIES;
      await tx
        .update(signingPasswords)
        .set({ failedAttempts, ...(voided ? { voidedAt: new Date() } : {}) })
        .where(eq(signingPasswords.id, open.id));
      return { refused: voided ? ('SIGNING_PASSWORD_VOIDED' as const) : ('SIGNING_PASSWORD_WRONG' as const), id: undefined };
    });
    if (outcome.refused !== undefined) {
      throw certificateError(outcome.refused);
    }
    return outcome.id;
  }

  /** Spends the password in the signature's transaction; a concurrent use or expiry in between refuses. */
  async markUsed(tx: Executor, passwordId: string): Promise<void> {
    const spent = await tx
      .update(signingPasswords)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(signingPasswords.id, passwordId),
          isNull(signingPasswords.usedAt),
          isNull(signingPasswords.voidedAt),
          gt(signingPasswords.expiresAt, sql`now()`),
        ),
      )
      .returning({ id: signingPasswords.id });
    if (spent.length === 0) {
      throw certificateError('SIGNING_PASSWORD_INVALID');
    }
  }
}
