import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { API_TOKEN_SCOPES, COMPANY_OPTIONS, NOTICE_BODY_MAX, NOTICE_IMPORTANCE, NOTICE_TITLE_MAX, PLANS, USER_ROLES } from '@app/contracts';
import { defineInboxTable, defineOutboxTable } from '@app/messaging/outbox.table';

/** Everything identity stores lives in this schema; no other service reads it. */
export const identitySchema = pgSchema('identity');

export const outbox = defineOutboxTable(identitySchema);
export const inbox = defineInboxTable(identitySchema);

/** Company IDs `C` + 6 digits and user IDs `U` + 6 digits are issued in sequence by PostgreSQL itself. */
export const companyIdSequence = identitySchema.sequence('company_id_seq', { startWith: 1, minValue: 1, maxValue: 999_999 });
export const userIdSequence = identitySchema.sequence('user_id_seq', { startWith: 1, minValue: 1, maxValue: 999_999 });
export const operatorIdSequence = identitySchema.sequence('operator_id_seq', { startWith: 1, minValue: 1, maxValue: 999_999 });

export const companies = identitySchema.table(
  'companies',
  {
    id: text('id')
      .primaryKey()
      .default(sql`'C' || lpad(nextval('identity.company_id_seq')::text, 6, '0')`),
    name: text('name').notNull(),
    plan: text('plan', { enum: PLANS }).notNull(),
    options: text('options', { enum: COMPANY_OPTIONS })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('companies_id_format', sql`${table.id} ~ '^C[0-9]{6}$'`),
    check('companies_plan_known', sql`${table.plan} IN ('ONE_SIDE', 'PARTNER_ONLY', 'BOTH')`),
    check('companies_options_known', sql`${table.options} <@ ARRAY['BULK_SIGN', 'MATTER', 'LONG_TERM_EXTENSION']::text[]`),
    check('companies_name_present', sql`length(btrim(${table.name})) > 0`),
  ],
);

export const users = identitySchema.table(
  'users',
  {
    id: text('id')
      .primaryKey()
      .default(sql`'U' || lpad(nextval('identity.user_id_seq')::text, 6, '0')`),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    department: text('department').notNull().default(''),
    language: text('language', { enum: ['ja', 'en'] })
      .notNull()
      .default('ja'),
    /** The company's 管理用ID: registers and looks up users, links certificates. */
    isAdministrator: boolean('is_administrator').notNull().default(false),
    roles: text('roles', { enum: USER_ROLES })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    bulkSign: boolean('bulk_sign').notNull().default(false),
    passwordHash: text('password_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('users_company_idx').on(table.companyId),
    // One 管理用ID per company.
    uniqueIndex('users_one_administrator_per_company')
      .on(table.companyId)
      .where(sql`${table.isAdministrator}`),
    check('users_id_format', sql`${table.id} ~ '^U[0-9]{6}$'`),
    check('users_roles_known', sql`${table.roles} <@ ARRAY['registrant', 'recipient', 'approver', 'signer']::text[]`),
    check('users_language_known', sql`${table.language} IN ('ja', 'en')`),
    check('users_failed_logins_non_negative', sql`${table.failedLogins} >= 0`),
  ],
);

/** Credentials shared by users and operators: the login rule, lockout and forced change apply to both. */
const credentialColumns = () => ({
  passwordHash: text('password_hash'),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedAt: timestamp('locked_at', { withTimezone: true }),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

/** Platform operators (`P` + 6 digits): create companies and set plans and options; never see a company's users. */
export const operators = identitySchema.table(
  'operators',
  {
    id: text('id')
      .primaryKey()
      .default(sql`'P' || lpad(nextval('identity.operator_id_seq')::text, 6, '0')`),
    name: text('name').notNull(),
    email: text('email').notNull(),
    language: text('language', { enum: ['ja', 'en'] })
      .notNull()
      .default('ja'),
    ...credentialColumns(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('operators_id_format', sql`${table.id} ~ '^P[0-9]{6}$'`),
    check('operators_failed_logins_non_negative', sql`${table.failedLogins} >= 0`),
  ],
);

/**
 * Sessions by the SHA-256 of their token: the token itself lives only in the
 * user's cookie and, briefly, in the gateway. Ending is a timestamp, not a
 * delete, so the history stays for audit.
 */
export const sessions = identitySchema.table(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    subjectId: text('subject_id').notNull(),
    companyId: text('company_id').references(() => companies.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    ip: text('ip').notNull().default(''),
    userAgent: text('user_agent').notNull().default(''),
  },
  (table) => [
    index('sessions_subject_open_idx')
      .on(table.subjectId)
      .where(sql`${table.endedAt} IS NULL`),
    check('sessions_token_hash_format', sql`${table.tokenHash} ~ '^[0-9a-f]{64}$'`),
    check('sessions_subject_format', sql`${table.subjectId} ~ '^[UP][0-9]{6}$'`),
  ],
);

/** API tokens for a company's internal systems: stored hashed, scoped, expiring, revocable. */
export const apiTokens = identitySchema.table(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    name: text('name').notNull(),
    scopes: text('scopes', { enum: API_TOKEN_SCOPES }).array().notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    displayPrefix: text('display_prefix').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [
    index('api_tokens_company_idx').on(table.companyId),
    check(
      'api_tokens_scopes_known',
      sql`${table.scopes} <@ ARRAY['users:read', 'users:write', 'mail-deliveries:read']::text[] AND cardinality(${table.scopes}) > 0`,
    ),
    check('api_tokens_hash_format', sql`${table.tokenHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** Partner invitations (利用申請サイトのお知らせ): single use, expiring, the token stored only as its hash. */
export const invitations = identitySchema.table(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    invitingCompanyId: text('inviting_company_id')
      .notNull()
      .references(() => companies.id),
    invitedBy: text('invited_by')
      .notNull()
      .references(() => users.id),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedCompanyId: text('accepted_company_id').references(() => companies.id),
  },
  (table) => [
    index('invitations_company_idx').on(table.invitingCompanyId),
    check('invitations_accepted_together', sql`(${table.acceptedAt} IS NULL) = (${table.acceptedCompanyId} IS NULL)`),
  ],
);

/**
 * お知らせ: a company's own (company_id set, written by its 管理用ID) or the
 * platform's (company_id NULL, written by an operator). Withdrawing is a
 * timestamp, not a delete, so what was shown stays on record.
 */
export const notices = identitySchema.table(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyId: text('company_id').references(() => companies.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    importance: text('importance', { enum: NOTICE_IMPORTANCE }).notNull().default('NORMAL'),
    publishFrom: timestamp('publish_from', { withTimezone: true }),
    publishUntil: timestamp('publish_until', { withTimezone: true }),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: text('withdrawn_by'),
  },
  (table) => [
    // トップページ reads the live notices of one company (or of the platform) newest first.
    index('notices_live_idx')
      .on(table.companyId, table.publishFrom)
      .where(sql`${table.withdrawnAt} IS NULL`),
    check('notices_title_length', sql`length(btrim(${table.title})) BETWEEN 1 AND ${sql.raw(String(NOTICE_TITLE_MAX))}`),
    check('notices_body_length', sql`length(btrim(${table.body})) BETWEEN 1 AND ${sql.raw(String(NOTICE_BODY_MAX))}`),
    check('notices_importance_known', sql`${table.importance} IN ('NORMAL', 'IMPORTANT')`),
    check(
      'notices_window_ordered',
      sql`${table.publishFrom} IS NULL OR ${table.publishUntil} IS NULL OR ${table.publishFrom} < ${table.publishUntil}`,
    ),
    // Operators write platform notices, a company's users its own.
    check(
      'notices_author_matches_scope',
      sql`(${table.companyId} IS NULL AND ${table.createdBy} ~ '^P[0-9]{6}$' AND ${table.updatedBy} ~ '^P[0-9]{6}$') OR (${table.companyId} IS NOT NULL AND ${table.createdBy} ~ '^U[0-9]{6}$' AND ${table.updatedBy} ~ '^U[0-9]{6}$')`,
    ),
    check('notices_withdrawn_together', sql`(${table.withdrawnAt} IS NULL) = (${table.withdrawnBy} IS NULL)`),
  ],
);

/**
 * パスワードを忘れた場合: single-use, short-lived reset links. Only the token's
 * SHA-256 is stored; a newer link for the same user voids the older ones.
 */
export const passwordResets = identitySchema.table(
  'password_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [
    index('password_resets_user_idx').on(table.userId),
    check('password_resets_hash_format', sql`${table.tokenHash} ~ '^[0-9a-f]{64}$'`),
  ],
);
