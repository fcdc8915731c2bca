import { z } from 'zod';
import { routeSchema } from './contract-workflow.schema';
import { companyIdSchema, userIdSchema } from './identity.schema';

/**
 * テンプレート管理: a company's saved contract info and sender route, reused
 * by its registrants. Every field but the template's own name is optional; a
 * registration from a template is completed by its body and checked in full.
 */

export const templateIdSchema = z.uuid();

export const templateFieldsSchema = z
  .object({
    /** The template's own name, unique within the company. */
    name: z.string().trim().min(1).max(100),
    /** The contract name (契約文書名称) a registration starts from. */
    contractName: z.string().trim().min(1).max(200).optional(),
    counterpartyCompanyId: companyIdSchema.optional(),
    recipientUserId: userIdSchema.optional(),
    senderSide: z.enum(['ORDERER', 'CONTRACTOR']).optional(),
    signatureMode: z.enum(['BOTH', 'SENDER_ONLY']).optional(),
    route: routeSchema.optional(),
  })
  .superRefine((fields, context) => {
    if (fields.recipientUserId && !fields.counterpartyCompanyId) {
      context.addIssue({
        code: 'custom',
        path: ['counterpartyCompanyId'],
        message: 'a template with a recipient must name the counterparty company too',
        params: { messageJa: '受取担当者を保存するときは取引先企業も指定してください' },
      });
    }
  });
export type TemplateFields = z.output<typeof templateFieldsSchema>;

export const createTemplateSchema = templateFieldsSchema;
/** Replaces the whole template (what is left out is cleared). */
export const replaceTemplateSchema = z.object({ templateId: templateIdSchema, template: templateFieldsSchema });
export const templateRefSchema = z.object({ templateId: templateIdSchema });
export const listTemplatesSchema = z.object({
  /** Part of the template's name or of its contract name. */
  query: z.string().trim().max(200).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
});

export const templateViewSchema = z.object({
  templateId: templateIdSchema,
  name: z.string(),
  contractName: z.string().nullable(),
  counterpartyCompanyId: companyIdSchema.nullable(),
  recipientUserId: userIdSchema.nullable(),
  senderSide: z.enum(['ORDERER', 'CONTRACTOR']).nullable(),
  signatureMode: z.enum(['BOTH', 'SENDER_ONLY']).nullable(),
  route: z.object({ approvers: z.array(userIdSchema), signer: userIdSchema }).nullable(),
  createdBy: userIdSchema,
  updatedBy: userIdSchema,
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type TemplateView = z.infer<typeof templateViewSchema>;
export const templatePageSchema = z.object({
  items: z.array(templateViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
});
