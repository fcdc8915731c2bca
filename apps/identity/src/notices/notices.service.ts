import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  ActorContext,
  AppError,
  createNoticeSchema,
  listCurrentNoticesSchema,
  listManagedNoticesSchema,
  ManagedNoticeView,
  NoticeView,
  requirePermission,
  updateNoticeSchema,
} from '@app/contracts';
import { DatabaseHandle, inTransaction } from '@app/db';
import { DATABASE } from '@app/messaging';
import { noticeState, requireOrderedWindow } from './notice-rules';
import { NoticeOwner, NoticeRow, NoticesRepository } from './notices.repository';

type Page<T> = { items: T[]; total: number; page: number; pageSize: number; from: number; to: number };

const toDate = (value: string | null): Date | null => (value === null ? null : new Date(value));

/**
 * お知らせ: an operator writes the platform's, a 管理用ID its company's; every
 * logged-in person reads the platform's and its own company's. Notices of
 * anyone else are not found.
 */
@Injectable()
export class NoticesService {
  constructor(
    private readonly notices: NoticesRepository,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
  ) {}

  async current(actor: ActorContext, query: z.output<typeof listCurrentNoticesSchema>): Promise<Page<NoticeView>> {
    const { rows, total } = await this.notices.current(readerCompany(actor), new Date(), query);
    return pageOf(rows.map(toNoticeView), total, query);
  }

  async managed(actor: ActorContext, query: z.output<typeof listManagedNoticesSchema>): Promise<Page<ManagedNoticeView>> {
    const at = new Date();
    const { rows, total } = await this.notices.managed(ownerOf(actor), query.state, at, query);
    return pageOf(
      rows.map((row) => toManagedNoticeView(row, at)),
      total,
      query,
    );
  }

  async create(actor: ActorContext, input: z.output<typeof createNoticeSchema>): Promise<ManagedNoticeView> {
    const owner = ownerOf(actor);
    const window = { publishFrom: toDate(input.publishFrom), publishUntil: toDate(input.publishUntil) };
    requireOrderedWindow(window);
    const author = actor.userId as string;
    const row = await this.notices.insert({
      companyId: owner.companyId,
      title: input.title,
      body: input.body,
      importance: input.importance,
      ...window,
      createdBy: author,
      updatedBy: author,
    });
    return toManagedNoticeView(row, new Date());
  }

  async update(actor: ActorContext, input: z.output<typeof updateNoticeSchema>): Promise<ManagedNoticeView> {
    const owner = ownerOf(actor);
    const row = await inTransaction(this.database.db, async (tx) => {
      const existing = await this.notices.findLive(tx, owner, input.noticeId);
      if (!existing) {
        throw AppError.of('NOT_FOUND');
      }
      const window = {
        publishFrom: input.publishFrom === undefined ? existing.publishFrom : toDate(input.publishFrom),
        publishUntil: input.publishUntil === undefined ? existing.publishUntil : toDate(input.publishUntil),
      };
      requireOrderedWindow(window);
      return this.notices.update(tx, existing.id, {
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.importance === undefined ? {} : { importance: input.importance }),
        ...window,
        updatedBy: actor.userId as string,
      });
    });
    return toManagedNoticeView(row, new Date());
  }

  async withdraw(actor: ActorContext, noticeId: string): Promise<ManagedNoticeView> {
    const row = await this.notices.withdraw(ownerOf(actor), noticeId, actor.userId as string);
    if (!row) {
      throw AppError.of('NOT_FOUND');
    }
    return toManagedNoticeView(row, new Date());
  }
}

/** Whose notices the actor manages: the operator the platform's, an administrator its company's; anyone else none (403). */
function ownerOf(actor: ActorContext): NoticeOwner {
  const { companyId } = requirePermission(actor, 'notices:manage');
  if (actor.kind === 'operator') {
    return { companyId: null };
  }
  if (actor.kind !== 'user' || !companyId || !actor.userId) {
    throw AppError.of('FORBIDDEN');
  }
  return { companyId };
}

/** Whose notices the actor reads besides the platform's: a person's own company; the operator only the platform's. */
function readerCompany(actor: ActorContext): string | null {
  if (actor.kind === 'anonymous') {
    throw AppError.of('UNAUTHENTICATED');
  }
  if (actor.kind === 'operator') {
    return null;
  }
  if (actor.kind !== 'user' || !actor.companyId) {
    throw AppError.of('FORBIDDEN');
  }
  return actor.companyId;
}

function pageOf<T>(items: T[], total: number, query: { page: number; pageSize: number }): Page<T> {
  const from = items.length === 0 ? 0 : (query.page - 1) * query.pageSize + 1;
  return { items, total, page: query.page, pageSize: query.pageSize, from, to: items.length === 0 ? 0 : from + items.length - 1 };
}

export function toNoticeView(row: NoticeRow): NoticeView {
  return {
    noticeId: row.id,
    scope: row.companyId === null ? 'PLATFORM' : 'COMPANY',
    companyId: row.companyId,
    title: row.title,
    body: row.body,
    importance: row.importance,
    publishFrom: row.publishFrom?.toISOString() ?? null,
    publishUntil: row.publishUntil?.toISOString() ?? null,
    publishedAt: (row.publishFrom ?? row.createdAt).toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toManagedNoticeView(row: NoticeRow, at: Date): ManagedNoticeView {
  return {
    ...toNoticeView(row),
    state: noticeState(row, at),
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
  };
}
