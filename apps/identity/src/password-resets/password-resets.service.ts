import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import { completePasswordResetSchema, PASSWORD_RESET_PASSWORD_SUBJECT, PASSWORD_RESET_TOKEN_SUBJECT } from '@app/contracts';
import { DatabaseHandle, inTransaction } from '@app/db';
import { CONFIG, DATABASE, LOGGER } from '@app/messaging';
import { identityError } from '../identity.errors';
import { IdentityMails } from '../mails/identity-mails';
import { hashPassword } from '../passwords/password-hasher';
import { checkNewPassword, violationDetails } from '../passwords/password-policy';
import { IdentitySecrets, sha256Hex } from '../secrets/identity-secrets';
import { CredentialsRepository } from '../sessions/credentials.repository';
import { SessionsRepository } from '../sessions/sessions.repository';
import { PasswordResetsRepository } from './password-resets.repository';

/** Where the mailed link leads: the UI's パスワード再設定 screen, the token as the last path segment. */
export const PASSWORD_RESET_PATH = '/password-reset';

/**
 * A reset request is answered no sooner than this after it arrived, whatever
 * happened: an existing ID also writes the link and the mail request, an
 * unknown one does not, and the answer's timing must not tell them apart.
 */
export const RESET_REQUEST_FLOOR_MS = 400;

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * パスワードを忘れた場合: a user ID's owner gets a single-use link by mail and
 * sets a new password with it. The same answer for every ID (known, unknown,
 * disabled, locked, an operator's), after the same time; only the token's
 * hash is stored; a completed reset ends every session of the user.
 */
@Injectable()
export class PasswordResetsService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly resets: PasswordResetsRepository,
    private readonly credentials: CredentialsRepository,
    private readonly sessions: SessionsRepository,
    private readonly secrets: IdentitySecrets,
    private readonly mails: IdentityMails,
  ) {}

  async request(loginId: string): Promise<{ ok: true }> {
    const started = performance.now();
    try {
      await this.issue(loginId.trim().toUpperCase());
    } finally {
      await sleep(Math.max(0, RESET_REQUEST_FLOOR_MS - (performance.now() - started)));
    }
    return { ok: true };
  }

  private async issue(loginId: string): Promise<void> {
    // Made for every request, so known and unknown IDs do the same work up to the write.
    const token = randomBytes(32).toString('base64url');
    const tokenHash = sha256Hex(token);
    const expiresAt = new Date(Date.now() + this.config.PASSWORD_RESET_TTL_MINUTES * 60_000);
    const link = `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}${PASSWORD_RESET_PATH}/${token}`;
    const mailed = await inTransaction(this.database.db, async (tx) => {
      const principal = await this.credentials.find(loginId, tx, true);
      // Operators reset each other; a disabled or locked ID goes through its administrator.
      if (principal?.kind !== 'user' || principal.disabledAt || principal.lockedAt) {
        return undefined;
      }
      await this.resets.replace(tx, { userId: principal.id, tokenHash, expiresAt });
      await this.mails.passwordReset(tx, principal, link, expiresAt);
      return principal.id;
    });
    // The typed ID is not logged when it matches nobody: people sometimes type a password into it.
    this.logger.info(mailed ? { subjectId: mailed, expiresAt } : { outcome: 'no-mail' }, 'password reset requested');
  }

  /** Sets the new password with the mailed token: the link must be open, the password must meet the rule. */
  async complete(input: z.output<typeof completePasswordResetSchema>): Promise<{ ok: true }> {
    const token = this.secrets.open(input.token, 'password-reset', PASSWORD_RESET_TOKEN_SUBJECT);
    const next = this.secrets.open(input.newPassword, 'password-reset', PASSWORD_RESET_PASSWORD_SUBJECT);
    const confirmation = this.secrets.open(input.newPasswordConfirmation, 'password-reset', PASSWORD_RESET_PASSWORD_SUBJECT);
    const tokenHash = sha256Hex(token);
    // The link first: a person with a dead link is told so before being told about the password.
    if (!TOKEN_FORMAT.test(token) || !(await this.resets.findOpen(tokenHash))) {
      throw identityError('PASSWORD_RESET_INVALID');
    }
    const violations = checkNewPassword(next);
    if (violations.length > 0) {
      throw identityError('PASSWORD_RULE', violationDetails(violations, next));
    }
    if (next !== confirmation) {
      throw identityError('PASSWORD_CONFIRMATION_MISMATCH');
    }
    const passwordHash = await hashPassword(next);
    const subjectId = await inTransaction(this.database.db, async (tx) => {
      const reset = await this.resets.findOpenForUpdate(tx, tokenHash);
      const principal = reset && (await this.credentials.find(reset.userId, tx, true));
      if (!reset || !principal || principal.disabledAt || principal.lockedAt) {
        throw identityError('PASSWORD_RESET_INVALID');
      }
      await this.credentials.update(tx, principal, { passwordHash, mustChangePassword: false, failedLogins: 0 });
      await this.resets.markUsed(tx, reset.id);
      await this.sessions.endAllFor(tx, principal.id, 'password-reset');
      return principal.id;
    });
    this.logger.info({ subjectId }, 'password reset with the mailed link; sessions ended');
    return { ok: true };
  }
}
