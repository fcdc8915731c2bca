import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { defineInboxTable, defineOutboxTable } from '@app/messaging/outbox.table';

/** Everything identity stores lives in this schema; no other service reads it. */
export const identitySchema = pgSchema('identity');

export const outbox = defineOutboxTable(identitySchema);
export const inbox = defineInboxTable(identitySchema);

export const PLANS = ['ONE_SIDE', 'PARTNER_ONLY', 'BOTH'] as const;
export const COMPANY_OPTIONS = ['BULK_SIGN', 'MATTER', 'LTV_EXTENSION'] as const;
export const USER_ROLES = ['registrant', 'recipient', 'approver', 'signer'] as const;

/** Company IDs `C` + 6 digits and user IDs `U` + 6 digits are issued in sequence by PostgreSQL itself. */
export const companyIdSequence = identitySchema.sequence('company_id_seq', { startWith: 1, minValue: 1, maxValue: 999_999 });
export const userIdSequence = identitySchema.sequence('user_id_seq', { startWith: 1, minValue: 1, maxValue: 999_999 });

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
    check('companies_options_known', sql`${table.options} <@ ARRAY['BULK_SIGN', 'MATTER', 'LTV_EXTENSION']::text[]`),
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
    check('users_id_format', sql`${table.id} ~ '^U[0-9]{6}$'`),
    check('users_roles_known', sql`${table.roles} <@ ARRAY['registrant', 'recipient', 'approver', 'signer']::text[]`),
    check('users_language_known', sql`${table.language} IN ('ja', 'en')`),
    check('users_failed_logins_non_negative', sql`${table.failedLogins} >= 0`),
  ],
);
