import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import { AppError, changePasswordSchema, loginSchema, SessionView } from '@app/contracts';
import { DatabaseHandle, inTransaction } from '@app/db';
import { CONFIG, currentActor, DATABASE, LOGGER } from '@app/messaging';
import { identityError } from '../identity.errors';
import { IdentityMails } from '../mails/identity-mails';
import { hashPassword, needsRehash, verifyPassword } from '../passwords/password-hasher';
import { checkNewPassword, violationDetails } from '../passwords/password-policy';
import { IdentitySecrets } from '../secrets/identity-secrets';
import { CredentialsRepository, Principal } from './credentials.repository';
import { SessionsRepository } from './sessions.repository';

/** Consecutive wrong passwords that lock a user ID (decided here, DOMAIN.md). */
export const LOCK_AFTER_FAILURES = 5;

/**
 * Every refused login is answered no sooner than this after it arrived. A
 * wrong password for a real ID also writes the failure count, which an
 * unknown ID does not; without the floor that write would tell them apart.
 */
export const REFUSAL_FLOOR_MS = 250;

/**
 * Login, session checks and password change. Unknown IDs, wrong passwords,
 * locked and disabled IDs all get the same answer after the same work (one
 * argon2 verification), so the answer tells nobody which IDs exist.
 */
@Injectable()
export class LoginService {
  private readonly decoyHash: Promise<string>;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionsRepository,
    private readonly secrets: IdentitySecrets,
    private readonly mails: IdentityMails,
  ) {
    this.decoyHash = hashPassword(`decoy-${Math.random()}`);
  }

  async login(input: z.output<typeof loginSchema>): Promise<SessionView> {
    const started = performance.now();
    try {
      return await this.attemptLogin(input);
    } catch (error) {
      await sleep(Math.max(0, REFUSAL_FLOOR_MS - (performance.now() - started)));
      throw error;
    }
  }

  private async attemptLogin(input: z.output<typeof loginSchema>): Promise<SessionView> {
    const password = this.secrets.open(input.password, 'login', input.loginId);
    const principal = await this.credentials.find(input.loginId.toUpperCase());
    const verified = await verifyPassword(principal?.passwordHash ?? (await this.decoyHash), password);
    if (!principal || principal.disabledAt || principal.lockedAt) {
      // The typed ID is not logged: people sometimes type their password into it.
      this.logger.info({ reason: principal ? 'locked-or-disabled' : 'unknown-id' }, 'login refused');
      throw identityError('INVALID_CREDENTIALS');
    }
    if (!verified) {
      await this.recordFailure(principal);
      throw identityError('INVALID_CREDENTIALS');
    }
    const expiresAt = new Date(Date.now() + this.config.SESSION_ABSOLUTE_HOURS * 3_600_000);
    const rehash = needsRehash(principal.passwordHash as string) ? await hashPassword(password) : undefined;
    await inTransaction(this.database.db, async (tx) => {
      await this.credentials.update(tx, principal, { failedLogins: 0, ...(rehash ? { passwordHash: rehash } : {}) });
      await this.sessions.insert(tx, {
        tokenHash: input.sessionTokenHash,
        subjectId: principal.id,
        companyId: principal.companyId,
        expiresAt,
        ip: input.ip,
        userAgent: input.userAgent,
      });
    });
    this.logger.info({ subjectId: principal.id }, 'logged in');
    return toSessionView(principal, expiresAt);
  }

  /** Counts a wrong password; the fifth in a row locks the ID and mails its owner, in the same commit. */
  private async recordFailure(principal: Principal): Promise<void> {
    await inTransaction(this.database.db, async (tx) => {
      const current = await this.credentials.find(principal.id, tx, true);
      if (!current || current.lockedAt) {
        return;
      }
      const failedLogins = current.failedLogins + 1;
      const lockedAt = failedLogins >= LOCK_AFTER_FAILURES ? new Date() : null;
      await this.credentials.update(tx, current, { failedLogins, lockedAt });
      if (lockedAt) {
        await this.mails.locked(tx, current, lockedAt);
        this.logger.warn({ subjectId: current.id }, 'locked after repeated wrong passwords');
      }
    });
  }

  async authenticate(sessionTokenHash: string): Promise<SessionView> {
    const session = await this.sessions.touch(sessionTokenHash, this.config.SESSION_IDLE_MINUTES);
    const principal = session && (await this.credentials.find(session.subjectId));
    if (!session || !principal || principal.disabledAt) {
      throw identityError('SESSION_EXPIRED');
    }
    return toSessionView(principal, session.expiresAt);
  }

  async end(sessionTokenHash: string): Promise<{ ok: true }> {
    await this.sessions.end(this.database.db, sessionTokenHash, 'logout');
    return { ok: true };
  }

  async verifyOwnPassword(userId: string, sealed: string): Promise<{ ok: true }> {
    const actor = currentActor();
    if (actor.kind !== 'user' || actor.userId !== userId) {
      throw AppError.of('FORBIDDEN');
    }
    const password = this.secrets.open(sealed, 'verify-password', userId);
    const principal = await this.credentials.find(userId);
    if (!principal?.passwordHash || principal.disabledAt || principal.lockedAt) {
      throw identityError('INVALID_CREDENTIALS');
    }
    if (!(await verifyPassword(principal.passwordHash, password))) {
      await this.recordFailure(principal);
      throw identityError('LOGIN_PASSWORD_WRONG');
    }
    await inTransaction(this.database.db, (tx) => this.credentials.update(tx, principal, { failedLogins: 0 }));
    return { ok: true };
  }

  /** パスワード変更: the rule, the confirmation, then the current password; success ends every session of the user. */
  async changePassword(input: z.output<typeof changePasswordSchema>): Promise<{ ok: true }> {
    const actor = currentActor();
    if ((actor.kind !== 'user' && actor.kind !== 'operator') || !actor.userId) {
      throw AppError.of('UNAUTHENTICATED');
    }
    const subject = actor.userId;
    const current = this.secrets.open(input.currentPassword, 'current-password', subject);
    const next = this.secrets.open(input.newPassword, 'new-password', subject);
    const confirmation = this.secrets.open(input.newPasswordConfirmation, 'new-password', subject);
    const violations = checkNewPassword(next, current);
    if (violations.length > 0) {
      throw identityError('PASSWORD_RULE', violationDetails(violations, next));
    }
    if (next !== confirmation) {
      throw identityError('PASSWORD_CONFIRMATION_MISMATCH');
    }
    const principal = await this.credentials.find(subject);
    if (!principal?.passwordHash || principal.disabledAt || principal.lockedAt) {
      throw AppError.of('UNAUTHENTICATED');
    }
    if (!(await verifyPassword(principal.passwordHash, current))) {
      await this.recordFailure(principal);
      throw identityError('CURRENT_PASSWORD_WRONG');
    }
    const passwordHash = await hashPassword(next);
    await inTransaction(this.database.db, async (tx) => {
      await this.credentials.update(tx, principal, { passwordHash, mustChangePassword: false, failedLogins: 0 });
      await this.sessions.endAllFor(tx, principal.id, 'password-changed');
    });
    this.logger.info({ subjectId: principal.id }, 'password changed; sessions ended');
    return { ok: true };
  }
}

function toSessionView(principal: Principal, expiresAt: Date): SessionView {
  return {
    subjectId: principal.id,
    kind: principal.kind,
    companyId: principal.companyId,
    name: principal.name,
    language: principal.language,
    roles: principal.roles,
    bulkSign: principal.bulkSign,
    mustChangePassword: principal.mustChangePassword,
    expiresAt: expiresAt.toISOString(),
  };
}
