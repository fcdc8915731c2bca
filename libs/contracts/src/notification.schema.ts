import { z } from 'zod';
import { sealedSecretSchema } from './sealed-secret';

const userId = z.string().regex(/^U\d{6}$/);
const companyId = z.string().regex(/^C\d{6}$/);
const documentNumber = z.string().regex(/^\d{10}$/);
const text = z.string().min(1).max(300);
const isoTime = z.iso.datetime({ offset: true });

/** Every mail the platform sends. The value is the template's name on the wire and in the delivery log. */
export const MailTemplates = {
  userRegistered: 'user-registered',
  initialPassword: 'initial-password',
  certificatePin: 'certificate-pin',
  signingPassword: 'signing-password',
  signatureRequest: 'signature-request',
  receiptRequest: 'receipt-request',
  approvalRequest: 'approval-request',
  returned: 'returned',
  declined: 'declined',
  concluded: 'concluded',
  accountLocked: 'account-locked',
  certificateLocked: 'certificate-locked',
  partnerInvitation: 'partner-invitation',
  passwordReset: 'password-reset',
  bulkSignSummary: 'bulk-sign-summary',
  bulkSignConcluded: 'bulk-sign-concluded',
  longTermExpiring: 'long-term-expiring',
} as const;
export type MailTemplate = (typeof MailTemplates)[keyof typeof MailTemplates];

/** Who receives a mail. The language picks the template's language; user and company tie it to the delivery log. */
export const mailRecipientSchema = z.object({
  email: z.email().max(254),
  name: z.string().min(1).max(200),
  language: z.enum(['ja', 'en']).default('ja'),
  userId: userId.optional(),
  companyId: companyId.optional(),
});
export type MailRecipient = z.infer<typeof mailRecipientSchema>;

/** A mail's recipient from a person's record: only the recipient fields, whatever else the record carries. */
export function mailRecipientOf(person: MailRecipient): MailRecipient {
  return { email: person.email, name: person.name, language: person.language, userId: person.userId, companyId: person.companyId };
}

const documentParams = z.object({
  documentNumber,
  contractName: text,
  counterpartyName: text,
});

/**
 * Parameters of each template. Templates marked `secret` also carry `secret`:
 * the value sealed to the notification service (NOTIFICATION_SEAL_PUBLIC_KEY)
 * with the context `mailSecretContext(template, to.email)`. No other field may
 * hold a secret.
 */
export const mailTemplateParams = {
  [MailTemplates.userRegistered]: z.object({ userId, companyName: text }),
  [MailTemplates.initialPassword]: z.object({ userId, reason: z.enum(['registered', 'reset']) }),
  [MailTemplates.certificatePin]: z.object({ certificateSerial: z.string().regex(/^[0-9A-F]{2,64}$/), certificateSubject: text }),
  [MailTemplates.signingPassword]: z.object({
    expiresAt: isoTime,
    documentNumbers: z.array(documentNumber).min(1).max(200),
  }),
  [MailTemplates.signatureRequest]: documentParams,
  [MailTemplates.receiptRequest]: documentParams,
  [MailTemplates.approvalRequest]: documentParams,
  [MailTemplates.returned]: documentParams.extend({ returnedBy: text, comment: z.string().max(1000).optional() }),
  [MailTemplates.declined]: documentParams.extend({ comment: z.string().max(1000).optional() }),
  [MailTemplates.concluded]: documentParams.extend({ concludedAt: isoTime }),
  [MailTemplates.accountLocked]: z.object({ userId, lockedAt: isoTime }),
  /** 証明書有効性確認 locked the certificate for this holder after five wrong tries: to the holder. */
  [MailTemplates.certificateLocked]: z.object({
    userId,
    certificateSerial: z.string().regex(/^[0-9A-F]{2,64}$/),
    certificateSubject: text,
    lockedAt: isoTime,
  }),
  [MailTemplates.partnerInvitation]: z.object({ invitingCompanyName: text, expiresAt: isoTime }),
  [MailTemplates.passwordReset]: z.object({ userId, expiresAt: isoTime }),
  [MailTemplates.bulkSignSummary]: z.object({
    total: z.number().int().min(0).max(200),
    signed: z.number().int().min(0).max(200),
    failed: z.array(z.object({ documentNumber, reason: text })).max(200),
  }),
  /** 締結完了 for the contracts one bulk-sign session concluded, to each of their registrants: one mail, not one per contract. */
  [MailTemplates.bulkSignConcluded]: z.object({
    counterpartyName: text,
    contracts: z
      .array(z.object({ documentNumber, contractName: text, concludedAt: isoTime }))
      .min(1)
      .max(200),
  }),
  /** 長期保管期限: to the 管理用ID of a company without 長期保管延長, once per document and end date. */
  [MailTemplates.longTermExpiring]: z.object({
    documents: z
      .array(z.object({ documentNumber, contractName: text, counterpartyName: text, proofUntil: isoTime }))
      .min(1)
      .max(200),
  }),
} as const satisfies Record<MailTemplate, z.ZodObject>;

/** Templates whose mail carries a secret: the initial password, the PIN, the signing password, the invitation and reset links. */
export const SECRET_MAIL_TEMPLATES: readonly MailTemplate[] = [
  MailTemplates.initialPassword,
  MailTemplates.certificatePin,
  MailTemplates.signingPassword,
  MailTemplates.partnerInvitation,
  MailTemplates.passwordReset,
];

/** The authenticated context a mail secret is sealed under: it binds the secret to one template and one address. */
export function mailSecretContext(template: MailTemplate, email: string): string {
  return `mail:${template}:${email.toLowerCase()}`;
}

const requestOf = <T extends MailTemplate>(template: T) =>
  z.object({
    template: z.literal(template),
    to: mailRecipientSchema,
    params: mailTemplateParams[template],
  });

export const notificationRequestedSchema = z.discriminatedUnion('template', [
  requestOf(MailTemplates.userRegistered),
  requestOf(MailTemplates.initialPassword).extend({ secret: sealedSecretSchema }),
  requestOf(MailTemplates.certificatePin).extend({ secret: sealedSecretSchema }),
  requestOf(MailTemplates.signingPassword).extend({ secret: sealedSecretSchema }),
  requestOf(MailTemplates.signatureRequest),
  requestOf(MailTemplates.receiptRequest),
  requestOf(MailTemplates.approvalRequest),
  requestOf(MailTemplates.returned),
  requestOf(MailTemplates.declined),
  requestOf(MailTemplates.concluded),
  requestOf(MailTemplates.accountLocked),
  requestOf(MailTemplates.certificateLocked),
  // The invitation's secret is the whole single-use link (it holds the token).
  requestOf(MailTemplates.partnerInvitation).extend({ secret: sealedSecretSchema }),
  // パスワード再設定: the secret is the whole single-use reset link.
  requestOf(MailTemplates.passwordReset).extend({ secret: sealedSecretSchema }),
  requestOf(MailTemplates.bulkSignSummary),
  requestOf(MailTemplates.bulkSignConcluded),
  requestOf(MailTemplates.longTermExpiring),
]);
export type NotificationRequested = z.infer<typeof notificationRequestedSchema>;
export type NotificationRequestInput = z.input<typeof notificationRequestedSchema>;
