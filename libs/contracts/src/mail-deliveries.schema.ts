import { z } from 'zod';
import { MailTemplates } from './notification.schema';

/** Where one mail stands: waiting for its first attempt, between retries, accepted by the mail server, or given up. */
export const MailDeliveryStatuses = ['queued', 'retrying', 'sent', 'failed'] as const;
export const mailDeliveryStatusSchema = z.enum(MailDeliveryStatuses);
export type MailDeliveryStatus = z.infer<typeof mailDeliveryStatusSchema>;

/** `notification.deliveries.list`: the delivery log of the actor's own company (administrators only), newest first. */
export const listMailDeliveriesSchema = z
  .object({
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
    status: mailDeliveryStatusSchema.optional(),
    template: z.enum(Object.values(MailTemplates)).optional(),
  })
  .strict();
export type ListMailDeliveries = z.input<typeof listMailDeliveriesSchema>;

const isoTime = z.iso.datetime({ offset: true });

/** One entry of the delivery log. Never carries the mail's body or its secret. */
export const mailDeliverySchema = z.object({
  id: z.string(),
  template: z.enum(Object.values(MailTemplates)),
  language: z.enum(['ja', 'en']),
  recipient: z.object({
    email: z.string(),
    name: z.string(),
    userId: z.string().nullable(),
    companyId: z.string().nullable(),
  }),
  status: mailDeliveryStatusSchema,
  attempts: z.number().int().min(0),
  lastResponse: z.string().nullable(),
  smtpMessageId: z.string(),
  requestedAt: isoTime,
  updatedAt: isoTime,
  lastAttemptAt: isoTime.nullable(),
  sentAt: isoTime.nullable(),
});
export type MailDelivery = z.infer<typeof mailDeliverySchema>;

export const mailDeliveryPageSchema = z.object({
  items: z.array(mailDeliverySchema),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(100),
});
export type MailDeliveryPage = z.infer<typeof mailDeliveryPageSchema>;
