import { z } from 'zod';
import { companyIdSchema } from './identity.schema';

/**
 * お知らせ on トップページ: platform-wide notices written by operators and a
 * company's own notices written by its 管理用ID. Title and body are plain text.
 */
export const NOTICE_IMPORTANCE = ['NORMAL', 'IMPORTANT'] as const;
export const NOTICE_TITLE_MAX = 100;
export const NOTICE_BODY_MAX = 4000;
/** Where a notice stands for the one who manages it: not yet shown, shown now, past its window, taken down. */
export const NOTICE_STATES = ['SCHEDULED', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export const noticeIdSchema = z.uuid();
const isoTime = z.iso.datetime({ offset: true });
const pageFields = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};

export const createNoticeSchema = z.object({
  title: z.string().trim().min(1).max(NOTICE_TITLE_MAX),
  body: z.string().trim().min(1).max(NOTICE_BODY_MAX),
  importance: z.enum(NOTICE_IMPORTANCE).default('NORMAL'),
  /** Shown from this moment (inclusive); none: at once. */
  publishFrom: isoTime.nullable().default(null),
  /** Shown until this moment (exclusive); none: until withdrawn. Must be after publishFrom. */
  publishUntil: isoTime.nullable().default(null),
});
/** Only what is sent changes; null clears a publish bound. */
export const updateNoticeSchema = z.object({
  noticeId: noticeIdSchema,
  title: z.string().trim().min(1).max(NOTICE_TITLE_MAX).optional(),
  body: z.string().trim().min(1).max(NOTICE_BODY_MAX).optional(),
  importance: z.enum(NOTICE_IMPORTANCE).optional(),
  publishFrom: isoTime.nullable().optional(),
  publishUntil: isoTime.nullable().optional(),
});
export const noticeRefSchema = z.object({ noticeId: noticeIdSchema });
export const listCurrentNoticesSchema = z.object(pageFields);
/** Without a state: every notice that was not withdrawn, whatever its window. */
export const listManagedNoticesSchema = z.object({ ...pageFields, state: z.enum(NOTICE_STATES).optional() });

/** What every reader sees on トップページ. Who wrote it stays with those who manage it. */
export const noticeViewSchema = z.object({
  noticeId: noticeIdSchema,
  /** PLATFORM: from the operators, for everyone; COMPANY: from the company's 管理用ID, for its users. */
  scope: z.enum(['PLATFORM', 'COMPANY']),
  companyId: companyIdSchema.nullable(),
  title: z.string(),
  body: z.string(),
  importance: z.enum(NOTICE_IMPORTANCE),
  publishFrom: isoTime.nullable(),
  publishUntil: isoTime.nullable(),
  /** When it is (or was) first shown: publishFrom, or the creation time. Lists are newest first by this. */
  publishedAt: isoTime,
  updatedAt: isoTime,
});
export type NoticeView = z.infer<typeof noticeViewSchema>;

/** What its operator or administrator sees: also where it stands and who wrote and changed it. */
export const managedNoticeViewSchema = noticeViewSchema.extend({
  state: z.enum(NOTICE_STATES),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: isoTime,
  withdrawnAt: isoTime.nullable(),
});
export type ManagedNoticeView = z.infer<typeof managedNoticeViewSchema>;

const pageWindowFields = {
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** For "N件中 a～b件目を表示": the first and last row shown (1-based; 0 when empty). */
  from: z.number().int(),
  to: z.number().int(),
};
export const noticePageSchema = z.object({ items: z.array(noticeViewSchema), ...pageWindowFields });
export const managedNoticePageSchema = z.object({ items: z.array(managedNoticeViewSchema), ...pageWindowFields });
