import { z } from 'zod';
import { API_TOKEN_SCOPES, Roles } from './actor.schema';
import { sealedSecretSchema } from './sealed-secret';

export const PLANS = ['ONE_SIDE', 'PARTNER_ONLY', 'BOTH'] as const;
export type Plan = (typeof PLANS)[number];
export const COMPANY_OPTIONS = ['BULK_SIGN', 'MATTER', 'LONG_TERM_EXTENSION'] as const;
export type CompanyOption = (typeof COMPANY_OPTIONS)[number];
export const USER_ROLES = ['registrant', 'recipient', 'approver', 'signer'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const USER_STATUSES = ['ACTIVE', 'LOCKED', 'DISABLED'] as const;

export const userIdSchema = z.string().regex(/^U\d{6}$/, 'must be a user ID: U and 6 digits (e.g. U000027)');
export const companyIdSchema = z.string().regex(/^C\d{6}$/, 'must be a company ID: C and 6 digits (e.g. C000001)');
/** A SHA-256 hex digest. Session and API tokens are made by the gateway; identity only ever sees their hashes. */
export const tokenHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
const languageSchema = z.enum(['ja', 'en']);
const isoTime = z.iso.datetime({ offset: true });
const pageSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

/**
 * What a sealed secret sent to identity is bound to (see sealed-secret.ts):
 * a password sealed for one login ID cannot be replayed for another.
 */
export function identitySecretContext(
  purpose: 'login' | 'current-password' | 'new-password' | 'invitation' | 'verify-password' | 'password-reset',
  subject: string,
): string {
  return `identity:${purpose}:${subject}`;
}

export const personSchema = z.object({
  name: trimmed(100),
  email: emailSchema,
  department: z.string().trim().max(100).default(''),
  language: languageSchema.default('ja'),
});

const roleListSchema = z
  .array(z.enum(USER_ROLES))
  .max(USER_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, 'must not repeat a role');

export const companyViewSchema = z.object({
  companyId: companyIdSchema,
  name: z.string(),
  plan: z.enum(PLANS),
  options: z.array(z.enum(COMPANY_OPTIONS)),
  administratorUserId: userIdSchema.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type CompanyView = z.infer<typeof companyViewSchema>;

export const userViewSchema = z.object({
  userId: userIdSchema,
  companyId: companyIdSchema,
  name: z.string(),
  email: z.string(),
  department: z.string(),
  language: languageSchema,
  isAdministrator: z.boolean(),
  roles: z.array(z.enum(USER_ROLES)),
  bulkSign: z.boolean(),
  status: z.enum(USER_STATUSES),
  mustChangePassword: z.boolean(),
  lockedAt: isoTime.nullable(),
  disabledAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type UserView = z.infer<typeof userViewSchema>;

// ---- operator: companies ----
export const createCompanySchema = z.object({
  name: trimmed(200),
  plan: z.enum(PLANS),
  options: z.array(z.enum(COMPANY_OPTIONS)).default([]),
  administrator: personSchema,
});
export const updateCompanySchema = z.object({
  companyId: companyIdSchema,
  name: trimmed(200).optional(),
  plan: z.enum(PLANS).optional(),
  options: z.array(z.enum(COMPANY_OPTIONS)).optional(),
});
export const companyRefSchema = z.object({ companyId: companyIdSchema });
export const listCompaniesSchema = pageSchema.extend({ query: z.string().trim().max(200).optional() });
export const companyWithAdministratorSchema = z.object({ company: companyViewSchema, administrator: userViewSchema });
export const companyPageSchema = z.object({
  items: z.array(companyViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

// ---- administrator: users ----
export const registerUserSchema = personSchema.extend({
  roles: roleListSchema.default([]),
  bulkSign: z.boolean().default(false),
});
export const updateUserSchema = z.object({
  userId: userIdSchema,
  name: trimmed(100).optional(),
  email: emailSchema.optional(),
  department: z.string().trim().max(100).optional(),
  language: languageSchema.optional(),
  roles: roleListSchema.optional(),
  bulkSign: z.boolean().optional(),
});
export const userRefSchema = z.object({ userId: userIdSchema });
export const searchUsersSchema = pageSchema.extend({
  query: z.string().trim().max(200).optional(),
  role: z.enum(USER_ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
});
export const userPageSchema = z.object({
  items: z.array(userViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/**
 * 社内回覧先設定's choices: the own company's active users (neither disabled
 * nor locked) who may take a route step, with only their route roles. Any
 * logged-in member of the company may read it; names only, no mail addresses.
 */
export const ROUTE_ROLES = ['approver', 'signer'] as const;
export const routeCandidateSchema = z.object({
  userId: userIdSchema,
  name: z.string(),
  roles: z.array(z.enum(ROUTE_ROLES)).min(1),
});
export type RouteCandidate = z.infer<typeof routeCandidateSchema>;
export const routeCandidatesSchema = z.object({ items: z.array(routeCandidateSchema) });

// ---- partner invitations ----
export const createInvitationSchema = z.object({ email: emailSchema, language: languageSchema.default('ja') });
export const invitationViewSchema = z.object({
  invitationId: z.uuid(),
  email: z.string(),
  invitingCompanyId: companyIdSchema,
  invitingCompanyName: z.string(),
  expiresAt: isoTime,
});
export const inspectInvitationSchema = z.object({ token: sealedSecretSchema });
export const acceptInvitationSchema = z.object({
  token: sealedSecretSchema,
  companyName: trimmed(200),
  administrator: personSchema,
});

// ---- sessions and passwords ----
export const sessionViewSchema = z.object({
  subjectId: z.string().regex(/^[UP]\d{6}$/),
  kind: z.enum(['user', 'operator']),
  companyId: companyIdSchema.nullable(),
  name: z.string(),
  language: languageSchema,
  roles: z.array(z.enum(Roles)),
  bulkSign: z.boolean(),
  mustChangePassword: z.boolean(),
  expiresAt: isoTime,
});
export type SessionView = z.infer<typeof sessionViewSchema>;
export const loginSchema = z.object({
  loginId: z.string().trim().min(1).max(32),
  password: sealedSecretSchema,
  sessionTokenHash: tokenHashSchema,
  ip: z.string().max(64).default(''),
  userAgent: z.string().max(512).default(''),
});
export const sessionRefSchema = z.object({ sessionTokenHash: tokenHashSchema });
export const changePasswordSchema = z.object({
  currentPassword: sealedSecretSchema,
  newPassword: sealedSecretSchema,
  newPasswordConfirmation: sealedSecretSchema,
});

/**
 * パスワードを忘れた場合. The gateway seals the mailed token and the new
 * password to identity under `identitySecretContext('password-reset', …)`
 * (subjects PASSWORD_RESET_TOKEN_SUBJECT and PASSWORD_RESET_PASSWORD_SUBJECT):
 * nobody knows whose password it is until identity finds the token.
 */
export const PASSWORD_RESET_TOKEN_SUBJECT = 'token';
export const PASSWORD_RESET_PASSWORD_SUBJECT = 'new-password';
export const requestPasswordResetSchema = z.object({ loginId: z.string().trim().min(1).max(32) });
export const completePasswordResetSchema = z.object({
  token: sealedSecretSchema,
  newPassword: sealedSecretSchema,
  newPasswordConfirmation: sealedSecretSchema,
});

/** 個人設定: the signed-in person's own language and mail address (users and operators alike). */
export const ownProfileSchema = z.object({
  subjectId: z.string().regex(/^[UP]\d{6}$/),
  name: z.string(),
  email: z.string(),
  language: languageSchema,
});
export const updateOwnProfileSchema = z.object({
  language: languageSchema.optional(),
  email: emailSchema.optional(),
  /** Required with `email`: the login password, sealed with `identitySecretContext('verify-password', subjectId)`. */
  password: sealedSecretSchema.optional(),
});

// ---- API tokens ----
export const createApiTokenSchema = z.object({
  name: trimmed(100),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1).max(API_TOKEN_SCOPES.length),
  expiresInDays: z.number().int().min(1).max(365).default(90),
  tokenHash: tokenHashSchema,
  displayPrefix: z.string().regex(/^[A-Za-z0-9_]{4,16}$/),
});
export const apiTokenViewSchema = z.object({
  tokenId: z.uuid(),
  companyId: companyIdSchema,
  name: z.string(),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)),
  displayPrefix: z.string(),
  createdBy: userIdSchema,
  createdAt: isoTime,
  expiresAt: isoTime,
  revokedAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
});
export type ApiTokenView = z.infer<typeof apiTokenViewSchema>;
export const apiTokenRefSchema = z.object({ tokenId: z.uuid() });
export const authenticateApiTokenSchema = z.object({ tokenHash: tokenHashSchema });
export const emptySchema = z.object({}).strict();
export const okSchema = z.object({ ok: z.literal(true) });

// ---- internal: other services about users ----
/** The acting user proves its login password again (e.g. 証明書有効性確認); sealed to identity. */
export const verifyPasswordSchema = z.object({ userId: userIdSchema, password: sealedSecretSchema });
export const userContactSchema = z.object({
  userId: userIdSchema,
  companyId: companyIdSchema,
  companyName: z.string(),
  companyPlan: z.enum(PLANS),
  companyOptions: z.array(z.enum(COMPANY_OPTIONS)),
  name: z.string(),
  email: z.string(),
  department: z.string(),
  language: languageSchema,
  roles: z.array(z.enum(USER_ROLES)),
  bulkSign: z.boolean(),
  status: z.enum(USER_STATUSES),
});
export type UserContact = z.infer<typeof userContactSchema>;
