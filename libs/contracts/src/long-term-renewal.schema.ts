import { z } from 'zod';
import { contractIdSchema } from './contract-workflow.schema';
import { COMPANY_OPTIONS, companyIdSchema, PLANS, userIdSchema } from './identity.schema';
import { sha256Schema } from './signing.schema';

const isoTime = z.iso.datetime({ offset: true });

/**
 * 長期保管延長: one renewal of a stored document's long-term signature, as the
 * signing workers run it. `generation` is the archive generation renewed
 * (0: the conclusion's document timestamp), so (contractId, generation) names
 * one renewal, whoever runs it and however often. The job carries IDs only.
 */
export const longTermRenewalJobSchema = z.object({
  contractId: contractIdSchema,
  generation: z.number().int().min(0),
  /** The stored PDF renewed (the archive's current version). */
  sha256: sha256Schema,
  /** The companies holding LONG_TERM_EXTENSION when the renewal was queued: each is charged for it. */
  chargedCompanyIds: z.array(companyIdSchema).min(1).max(2),
});
export type LongTermRenewalJob = z.infer<typeof longTermRenewalJobSchema>;

/** signing → contract-workflow: the renewed PDF is stored; the archive's pointer is to move to it. */
export const longTermRenewedSchema = longTermRenewalJobSchema.extend({
  previousSha256: sha256Schema,
  level: z.enum(['B-T', 'B-LT', 'B-LTA']),
  archiveTimestampAt: isoTime,
  proofUntil: isoTime,
  renewedAt: isoTime,
});
export type LongTermRenewed = z.infer<typeof longTermRenewedSchema>;

/** signing → contract-workflow: a renewal gave up (every attempt failed, or it cannot succeed); it is tried again later. */
export const longTermRenewalFailedSchema = z.object({
  contractId: contractIdSchema,
  generation: z.number().int().min(0),
  code: z.string().min(1).max(100),
  ja: z.string().min(1).max(300),
  en: z.string().min(1).max(300),
});
export type LongTermRenewalFailed = z.infer<typeof longTermRenewalFailedSchema>;

/** Internal (services only): the companies' options and their 管理用ID, for the renewal job and its mails. */
export const companyContactsSchema = z.object({ companyIds: z.array(companyIdSchema).min(1).max(500) });
export const companyContactSchema = z.object({
  companyId: companyIdSchema,
  name: z.string(),
  plan: z.enum(PLANS),
  options: z.array(z.enum(COMPANY_OPTIONS)),
  administrator: z.object({ userId: userIdSchema, name: z.string(), email: z.string(), language: z.enum(['ja', 'en']) }).nullable(),
});
export type CompanyContact = z.infer<typeof companyContactSchema>;
export const companyContactsReplySchema = z.object({ items: z.array(companyContactSchema) });

/** The signing workers' BullMQ queue of renewals (contract-workflow adds, signing-worker processes take). */
export const LONG_TERM_RENEWAL_QUEUE = 'long-term-renewals';

/**
 * A renewal's BullMQ job ID: one per document and generation, so queuing it
 * again adds nothing. (BullMQ refuses `:` in custom IDs, hence the dots.)
 */
export function longTermRenewalJobId(contractId: string, generation: number): string {
  return `renew.${contractId}.${generation}`;
}
