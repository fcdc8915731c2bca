import { Injectable } from '@nestjs/common';
import { Events, MailTemplates, UserContact } from '@app/contracts';
import { Executor } from '@app/db';
import { enqueueEvent } from '@app/messaging';
import { PartyDirectory } from '../contracts/party-directory';
import { outbox } from '../database/contract-workflow.schema';
import { BulkSessionRow, BulkSignRepository, ItemKey, ItemOutcome } from './bulk-sign.repository';

/** How long a looked-up person is reused: a session's documents share their people. */
const CONTACT_TTL_MS = 60_000;

/**
 * Ends one document of a session and, with the last one, the session: its
 * summary mail (一括署名 完了のお知らせ) goes out in the same transaction.
 */
@Injectable()
export class BulkSignCompletion {
  private readonly contacts = new Map<string, { contact: UserContact | undefined; until: number }>();

  constructor(
    private readonly repository: BulkSignRepository,
    private readonly directory: PartyDirectory,
  ) {}

  /** identity's view of a person, cached briefly (a bulk session asks for the same few people many times). */
  async contactOf(userId: string): Promise<UserContact | undefined> {
    const cached = this.contacts.get(userId);
    if (cached && cached.until > Date.now()) {
      return cached.contact;
    }
    const contact = await this.directory.find(userId);
    if (this.contacts.size > 1_000) {
      this.contacts.clear();
    }
    this.contacts.set(userId, { contact, until: Date.now() + CONTACT_TTL_MS });
    return contact;
  }

  async finish(tx: Executor, sessionId: string, contractId: string, outcome: ItemOutcome, user?: UserContact): Promise<BulkSessionRow> {
    const [session] = await this.finishAll(tx, [{ sessionId, contractId, outcome }], user ? [user] : []);
    return session;
  }

  /** Documents of one session or several finished; a session that is now complete gets its summary mail. */
  async finishAll(
    tx: Executor,
    finished: readonly (ItemKey & { outcome: ItemOutcome })[],
    known: UserContact[] = [],
  ): Promise<BulkSessionRow[]> {
    const sessions = await this.repository.finishItems(tx, finished);
    for (const session of sessions.filter((row) => row.status === 'COMPLETED')) {
      const to = known.find((user) => user.userId === session.userId) ?? (await this.contactOf(session.userId));
      if (to) {
        const failed = await this.repository.failedItems(tx, session.id);
        await enqueueEvent(tx, outbox, Events.notificationRequested, {
          template: MailTemplates.bulkSignSummary,
          to: { email: to.email, name: to.name, language: to.language, userId: to.userId, companyId: to.companyId },
          params: {
            total: session.total,
            signed: session.done,
            failed: failed.map((item) => ({
              documentNumber: item.documentNumber,
              reason: (to.language === 'en' ? item.en : item.ja) ?? '',
            })),
          },
        });
      }
    }
    return sessions;
  }
}
