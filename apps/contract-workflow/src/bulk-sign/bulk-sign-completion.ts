import { Injectable } from '@nestjs/common';
import { BULK_ITEM_STATES, BulkSessionProgressed, Events, mailRecipientOf, MailTemplates, UserContact } from '@app/contracts';
import { Executor } from '@app/db';
import { enqueueEvent, enqueueEvents, OutboxEntry } from '@app/messaging';
import { PartyDirectory } from '../contracts/party-directory';
import { outbox } from '../database/contract-workflow.schema';
import { toSessionView } from './bulk-session-view';
import { BulkSessionRow, BulkSignRepository, ConcludedItem, ItemKey, ItemOutcome } from './bulk-sign.repository';

/** A session's progress event: its counts now, and the new states of the documents that finished. */
function progressOf(
  session: BulkSessionRow,
  finished: readonly (ItemKey & { outcome: ItemOutcome })[],
  finishedAt: Date,
): BulkSessionProgressed {
  const { items: _none, ...counts } = toSessionView(session, []);
  return {
    ...counts,
    items: finished.map(({ contractId, outcome }) => ({
      contractId,
      state: outcome.state,
      stateLabel: BULK_ITEM_STATES[outcome.state],
      failure: outcome.state === 'FAILED' ? { code: outcome.code, ja: outcome.ja, en: outcome.en } : null,
      finishedAt: finishedAt.toISOString(),
    })),
  };
}

/** How long a looked-up person is reused: a session's documents share their people. */
const CONTACT_TTL_MS = 60_000;

/**
 * Ends one document of a session and, with the last one, the session: its
 * mails (一括署名 完了のお知らせ to the bulk user, 契約締結完了のお知らせ to the
 * registrants) go out in the same transaction.
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

  /**
   * Documents of one session or several finished: each session's progress is
   * announced (the gateway's progress streams). A session that is now
   * complete gets its summary mail to the bulk user, and each registrant of
   * the contracts it concluded one 締結完了 mail listing them (not one mail
   * per contract: a session concludes up to 200).
   */
  async finishAll(
    tx: Executor,
    finished: readonly (ItemKey & { outcome: ItemOutcome })[],
    known: UserContact[] = [],
  ): Promise<BulkSessionRow[]> {
    const finishedAt = new Date();
    const sessions = await this.repository.finishItems(tx, finished, finishedAt);
    await enqueueEvents(
      tx,
      outbox,
      sessions.map((session) => ({
        event: Events.bulkSessionProgressed,
        payload: progressOf(
          session,
          finished.filter((item) => item.sessionId === session.id),
          finishedAt,
        ),
      })),
    );
    for (const session of sessions.filter((row) => row.status === 'COMPLETED')) {
      await this.sendSummary(tx, session, known);
      await this.tellRegistrants(tx, session);
    }
    return sessions;
  }

  private async sendSummary(tx: Executor, session: BulkSessionRow, known: UserContact[]): Promise<void> {
    const to = known.find((user) => user.userId === session.userId) ?? (await this.contactOf(session.userId));
    if (!to) {
      return;
    }
    const failed = await this.repository.failedItems(tx, session.id);
    await enqueueEvent(tx, outbox, Events.notificationRequested, {
      template: MailTemplates.bulkSignSummary,
      to: mailRecipientOf(to),
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

  private async tellRegistrants(tx: Executor, session: BulkSessionRow): Promise<void> {
    const byRegistrant = new Map<string, ConcludedItem[]>();
    for (const item of await this.repository.concludedItems(tx, session.id)) {
      byRegistrant.set(item.registrantUserId, [...(byRegistrant.get(item.registrantUserId) ?? []), item]);
    }
    const mails: OutboxEntry[] = [];
    for (const [userId, items] of byRegistrant) {
      const to = await this.contactOf(userId);
      if (to) {
        mails.push({
          event: Events.notificationRequested,
          payload: {
            template: MailTemplates.bulkSignConcluded,
            to: mailRecipientOf(to),
            params: {
              counterpartyName: items[0].counterpartyName,
              contracts: items.map((item) => ({
                documentNumber: item.documentNumber,
                contractName: item.contractName,
                concludedAt: item.concludedAt.toISOString(),
              })),
            },
          },
        });
      }
    }
    await enqueueEvents(tx, outbox, mails);
  }
}
