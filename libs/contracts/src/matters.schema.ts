import { z } from 'zod';
import { listContractsSchema } from './contract-workflow.schema';
import { userIdSchema } from './identity.schema';

/**
 * 案件管理: a company groups its documents under its own matters (案件). Only
 * for ONE_SIDE companies with the MATTER option; a contract has at most one
 * matter per side, each an object of that side's company.
 */

export const matterIdSchema = z.uuid();
const codeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_./-]{1,50}$/, 'must be 1 to 50 letters, digits or . _ / -');

export const createMatterSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** The company's own reference (e.g. a project number): unique within the company. */
  code: codeSchema.optional(),
  description: z.string().trim().max(2000).default(''),
});
export const updateMatterSchema = z.object({
  matterId: matterIdSchema,
  name: z.string().trim().min(1).max(200).optional(),
  /** null removes the code. */
  code: codeSchema.nullable().optional(),
  description: z.string().trim().max(2000).optional(),
});
export const matterRefSchema = z.object({ matterId: matterIdSchema });
export const listMattersSchema = z.object({
  /** Part of the name or the code. */
  query: z.string().trim().max(200).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
});

export const matterViewSchema = z.object({
  matterId: matterIdSchema,
  name: z.string(),
  code: z.string().nullable(),
  description: z.string(),
  createdBy: userIdSchema,
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type MatterView = z.infer<typeof matterViewSchema>;
export const matterPageSchema = z.object({
  items: z.array(matterViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
});

/** The documents of one matter: the contract list's filters, sorting and paging, over the whole company. */
export const listMatterContractsSchema = listContractsSchema.omit({ scope: true }).extend({ matterId: matterIdSchema });
