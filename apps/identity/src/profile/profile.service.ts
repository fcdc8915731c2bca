import { Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Inject } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, updateOwnProfileSchema } from '@app/contracts';
import { DatabaseHandle } from '@app/db';
import { currentActor, DATABASE, LOGGER } from '@app/messaging';
import { operators, users } from '../database/identity.schema';
import { identityError } from '../identity.errors';
import { LoginService } from '../sessions/login.service';

type OwnProfile = { subjectId: string; name: string; email: string; language: 'ja' | 'en' };

/**
 * 個人設定: a signed-in person (user or operator) reads and changes its own
 * language and mail address. A new mail address needs the login password
 * again (it is where reset links go), counted like any wrong password.
 */
@Injectable()
export class ProfileService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly login: LoginService,
  ) {}

  async get(): Promise<OwnProfile> {
    const { table, subjectId } = this.self();
    const [row] = await this.database.db
      .select({ subjectId: table.id, name: table.name, email: table.email, language: table.language })
      .from(table)
      .where(eq(table.id, subjectId));
    if (!row) {
      throw AppError.of('NOT_FOUND');
    }
    return row;
  }

  async update(input: z.output<typeof updateOwnProfileSchema>): Promise<OwnProfile> {
    const { table, subjectId } = this.self();
    if (input.email !== undefined) {
      if (!input.password) {
        throw identityError('PASSWORD_REQUIRED_FOR_EMAIL');
      }
      await this.login.verifyOwnPassword(subjectId, input.password);
    }
    const changes = {
      ...(input.language !== undefined ? { language: input.language } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
    };
    if (Object.keys(changes).length > 0) {
      await this.database.db
        .update(table)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(eq(table.id, subjectId));
      this.logger.info({ subjectId, changed: Object.keys(changes) }, 'own profile changed');
    }
    return this.get();
  }

  private self() {
    const actor = currentActor();
    if (actor.kind === 'user' && actor.userId) {
      return { table: users, subjectId: actor.userId };
    }
    if (actor.kind === 'operator' && actor.userId) {
      return { table: operators, subjectId: actor.userId };
    }
    throw AppError.of('FORBIDDEN');
  }
}
