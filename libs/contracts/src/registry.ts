import { z } from 'zod';
import { EventName, Events, Patterns, RpcPattern } from './names';
import * as bulk from './bulk-sign.schema';
import * as archive from './archive.schema';
import * as workflow from './contract-workflow.schema';
import * as identity from './identity.schema';
import * as ledger from './ledger.schema';
import * as longTerm from './long-term-renewal.schema';
import * as matters from './matters.schema';
import * as signing from './signing.schema';
import * as templates from './templates.schema';
import { listMailDeliveriesSchema, mailDeliveryPageSchema } from './mail-deliveries.schema';
import * as notices from './notices.schema';
import { notificationRequestedSchema } from './notification.schema';
import { pingPayloadSchema, pingReplySchema } from './ping.schema';

/** Payload and reply schema of every RPC pattern. */
export const rpcContracts = {
  [Patterns.identity.ping]: { payload: pingPayloadSchema, reply: pingReplySchema },
  [Patterns.identity.createCompany]: { payload: identity.createCompanySchema, reply: identity.companyWithAdministratorSchema },
  [Patterns.identity.updateCompany]: { payload: identity.updateCompanySchema, reply: identity.companyViewSchema },
  [Patterns.identity.getCompany]: { payload: identity.companyRefSchema, reply: identity.companyViewSchema },
  [Patterns.identity.listCompanies]: { payload: identity.listCompaniesSchema, reply: identity.companyPageSchema },
  [Patterns.identity.companyContacts]: { payload: longTerm.companyContactsSchema, reply: longTerm.companyContactsReplySchema },
  [Patterns.identity.registerUser]: { payload: identity.registerUserSchema, reply: identity.userViewSchema },
  [Patterns.identity.updateUser]: { payload: identity.updateUserSchema, reply: identity.userViewSchema },
  [Patterns.identity.getUser]: { payload: identity.userRefSchema, reply: identity.userViewSchema },
  [Patterns.identity.searchUsers]: { payload: identity.searchUsersSchema, reply: identity.userPageSchema },
  [Patterns.identity.disableUser]: { payload: identity.userRefSchema, reply: identity.userViewSchema },
  [Patterns.identity.enableUser]: { payload: identity.userRefSchema, reply: identity.userViewSchema },
  [Patterns.identity.unlockUser]: { payload: identity.userRefSchema, reply: identity.userViewSchema },
  [Patterns.identity.resetUserPassword]: { payload: identity.userRefSchema, reply: identity.userViewSchema },
  [Patterns.identity.createInvitation]: { payload: identity.createInvitationSchema, reply: identity.invitationViewSchema },
  [Patterns.identity.inspectInvitation]: { payload: identity.inspectInvitationSchema, reply: identity.invitationViewSchema },
  [Patterns.identity.acceptInvitation]: { payload: identity.acceptInvitationSchema, reply: identity.companyWithAdministratorSchema },
  [Patterns.identity.login]: { payload: identity.loginSchema, reply: identity.sessionViewSchema },
  [Patterns.identity.authenticateSession]: { payload: identity.sessionRefSchema, reply: identity.sessionViewSchema },
  [Patterns.identity.endSession]: { payload: identity.sessionRefSchema, reply: identity.okSchema },
  [Patterns.identity.changePassword]: { payload: identity.changePasswordSchema, reply: identity.okSchema },
  [Patterns.identity.createApiToken]: { payload: identity.createApiTokenSchema, reply: identity.apiTokenViewSchema },
  [Patterns.identity.listApiTokens]: { payload: identity.emptySchema, reply: z.object({ items: z.array(identity.apiTokenViewSchema) }) },
  [Patterns.identity.revokeApiToken]: { payload: identity.apiTokenRefSchema, reply: identity.apiTokenViewSchema },
  [Patterns.identity.authenticateApiToken]: { payload: identity.authenticateApiTokenSchema, reply: identity.apiTokenViewSchema },
  [Patterns.identity.verifyPassword]: { payload: identity.verifyPasswordSchema, reply: identity.okSchema },
  [Patterns.identity.userContact]: { payload: identity.userRefSchema, reply: identity.userContactSchema },
  [Patterns.identity.routeCandidates]: { payload: identity.emptySchema, reply: identity.routeCandidatesSchema },
  [Patterns.identity.currentNotices]: { payload: notices.listCurrentNoticesSchema, reply: notices.noticePageSchema },
  [Patterns.identity.listManagedNotices]: { payload: notices.listManagedNoticesSchema, reply: notices.managedNoticePageSchema },
  [Patterns.identity.createNotice]: { payload: notices.createNoticeSchema, reply: notices.managedNoticeViewSchema },
  [Patterns.identity.updateNotice]: { payload: notices.updateNoticeSchema, reply: notices.managedNoticeViewSchema },
  [Patterns.identity.withdrawNotice]: { payload: notices.noticeRefSchema, reply: notices.managedNoticeViewSchema },
  [Patterns.identity.requestPasswordReset]: { payload: identity.requestPasswordResetSchema, reply: identity.okSchema },
  [Patterns.identity.completePasswordReset]: { payload: identity.completePasswordResetSchema, reply: identity.okSchema },
  [Patterns.identity.getOwnProfile]: { payload: identity.emptySchema, reply: identity.ownProfileSchema },
  [Patterns.identity.updateOwnProfile]: { payload: identity.updateOwnProfileSchema, reply: identity.ownProfileSchema },
  [Patterns.contractWorkflow.ping]: { payload: pingPayloadSchema, reply: pingReplySchema },
  [Patterns.contractWorkflow.registerContract]: { payload: workflow.registerContractRequestSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.submitContract]: { payload: workflow.contractRefSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.approveContract]: { payload: workflow.commentCommandSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.returnContract]: { payload: workflow.commentCommandSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.rerouteContract]: { payload: workflow.rerouteContractSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.receiveContract]: { payload: workflow.receiveContractSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.declineContract]: { payload: workflow.commentCommandSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.withdrawContract]: { payload: workflow.commentCommandSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.signContract]: { payload: workflow.signContractSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.getContract]: { payload: workflow.contractRefSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.listContracts]: { payload: workflow.listContractsSchema, reply: workflow.contractPageSchema },
  [Patterns.contractWorkflow.reissueSigningPassword]: { payload: workflow.contractRefSchema, reply: workflow.contractViewSchema },
  [Patterns.contractWorkflow.getContractPdf]: { payload: workflow.contractRefSchema, reply: workflow.contractPdfSchema },
  [Patterns.contractWorkflow.billingUsage]: { payload: ledger.billingUsageQuerySchema, reply: ledger.billingUsageSchema },
  [Patterns.contractWorkflow.auditTrail]: { payload: ledger.auditContractRefSchema, reply: ledger.auditTrailSchema },
  [Patterns.contractWorkflow.auditPdf]: { payload: ledger.auditContractRefSchema, reply: ledger.auditPdfSchema },
  [Patterns.contractWorkflow.auditVerify]: { payload: ledger.auditContractRefSchema, reply: ledger.auditVerificationSchema },
  [Patterns.contractWorkflow.createWebhook]: { payload: ledger.createWebhookSchema, reply: ledger.webhookCreatedSchema },
  [Patterns.contractWorkflow.listWebhooks]: { payload: identity.emptySchema, reply: ledger.webhookListSchema },
  [Patterns.contractWorkflow.deleteWebhook]: { payload: ledger.webhookRefSchema, reply: ledger.webhookViewSchema },
  [Patterns.contractWorkflow.redeliverWebhook]: { payload: ledger.webhookDeliveryRefSchema, reply: ledger.webhookDeliverySchema },
  [Patterns.contractWorkflow.bulkSignCandidates]: { payload: bulk.bulkSignSearchSchema, reply: bulk.bulkSignCandidatesSchema },
  [Patterns.contractWorkflow.createBulkSignSession]: { payload: bulk.createBulkSignSessionSchema, reply: bulk.bulkSessionViewSchema },
  [Patterns.contractWorkflow.executeBulkSign]: { payload: bulk.executeBulkSignSchema, reply: bulk.bulkSessionViewSchema },
  [Patterns.contractWorkflow.getBulkSignSession]: { payload: bulk.bulkSessionRefSchema, reply: bulk.bulkSessionViewSchema },
  [Patterns.contractWorkflow.listWebhookDeliveries]: {
    payload: ledger.listWebhookDeliveriesSchema,
    reply: ledger.webhookDeliveryPageSchema,
  },
  [Patterns.contractWorkflow.searchArchive]: { payload: archive.searchArchiveSchema, reply: archive.archivePageSchema },
  [Patterns.contractWorkflow.getArchivedContract]: { payload: workflow.contractRefSchema, reply: archive.archivedContractSchema },
  [Patterns.contractWorkflow.archivedContractPdf]: { payload: workflow.contractRefSchema, reply: workflow.contractPdfSchema },
  [Patterns.contractWorkflow.archivedContractValidation]: {
    payload: workflow.contractRefSchema,
    reply: archive.archiveValidationSchema,
  },
  [Patterns.contractWorkflow.createMatter]: { payload: matters.createMatterSchema, reply: matters.matterViewSchema },
  [Patterns.contractWorkflow.listMatters]: { payload: matters.listMattersSchema, reply: matters.matterPageSchema },
  [Patterns.contractWorkflow.getMatter]: { payload: matters.matterRefSchema, reply: matters.matterViewSchema },
  [Patterns.contractWorkflow.updateMatter]: { payload: matters.updateMatterSchema, reply: matters.matterViewSchema },
  [Patterns.contractWorkflow.deleteMatter]: { payload: matters.matterRefSchema, reply: matters.matterViewSchema },
  [Patterns.contractWorkflow.listMatterContracts]: {
    payload: matters.listMatterContractsSchema,
    reply: workflow.contractPageSchema,
  },
  [Patterns.contractWorkflow.createTemplate]: { payload: templates.createTemplateSchema, reply: templates.templateViewSchema },
  [Patterns.contractWorkflow.listTemplates]: { payload: templates.listTemplatesSchema, reply: templates.templatePageSchema },
  [Patterns.contractWorkflow.getTemplate]: { payload: templates.templateRefSchema, reply: templates.templateViewSchema },
  [Patterns.contractWorkflow.replaceTemplate]: { payload: templates.replaceTemplateSchema, reply: templates.templateViewSchema },
  [Patterns.contractWorkflow.deleteTemplate]: { payload: templates.templateRefSchema, reply: templates.templateViewSchema },
  [Patterns.signing.ping]: { payload: pingPayloadSchema, reply: pingReplySchema },
  [Patterns.signing.issueCertificate]: { payload: signing.issueCertificateSchema, reply: signing.certificateViewSchema },
  [Patterns.signing.linkCertificate]: { payload: signing.linkCertificateSchema, reply: signing.certificateViewSchema },
  [Patterns.signing.listCertificates]: { payload: identity.emptySchema, reply: signing.certificateListSchema },
  [Patterns.signing.activateCertificate]: { payload: signing.activateCertificateSchema, reply: signing.certificateViewSchema },
  [Patterns.signing.revokeCertificate]: { payload: signing.revokeCertificateSchema, reply: signing.certificateViewSchema },
  [Patterns.signing.unlockCertificate]: { payload: signing.linkCertificateSchema, reply: signing.certificateViewSchema },
  [Patterns.signing.issueSigningPassword]: { payload: signing.issueSigningPasswordSchema, reply: signing.signingPasswordIssuedSchema },
  [Patterns.signing.prepareDocument]: { payload: signing.prepareDocumentSchema, reply: signing.preparedDocumentSchema },
  [Patterns.signing.signDocument]: { payload: signing.signDocumentSchema, reply: signing.signatureRecordSchema },
  [Patterns.signing.validateDocument]: { payload: signing.validateDocumentSchema, reply: signing.validationReportSchema },
  [Patterns.signing.timestamp]: { payload: signing.timestampQuerySchema, reply: signing.timestampReplySchema },
  [Patterns.signing.crl]: { payload: signing.crlRequestSchema, reply: signing.crlReplySchema },
  [Patterns.signing.ocsp]: { payload: signing.ocspRequestSchema, reply: signing.ocspReplySchema },
  [Patterns.signing.caCertificates]: { payload: identity.emptySchema, reply: signing.caCertificatesSchema },
  [Patterns.signing.startBulkSign]: { payload: bulk.startBulkSignSchema, reply: bulk.bulkSignStartedSchema },
  [Patterns.notification.ping]: { payload: pingPayloadSchema, reply: pingReplySchema },
  [Patterns.notification.listDeliveries]: { payload: listMailDeliveriesSchema, reply: mailDeliveryPageSchema },
} as const satisfies Record<RpcPattern, { payload: z.ZodType; reply: z.ZodType }>;

/** Payload schema of every event. */
export const eventContracts = {
  [Events.notificationRequested]: { payload: notificationRequestedSchema },
  [Events.contractRegistered]: { payload: ledger.contractEventSchema },
  [Events.contractSent]: { payload: ledger.contractEventSchema },
  [Events.contractReceived]: { payload: ledger.contractEventSchema },
  [Events.contractApproved]: { payload: ledger.contractEventSchema },
  [Events.contractReturned]: { payload: ledger.contractEventSchema },
  [Events.contractDeclined]: { payload: ledger.contractEventSchema },
  [Events.contractWithdrawn]: { payload: ledger.contractEventSchema },
  [Events.contractSigned]: { payload: ledger.contractEventSchema },
  [Events.contractConcluded]: { payload: ledger.contractEventSchema },
  [Events.bulkDocumentsSigned]: { payload: bulk.bulkDocumentsSignedSchema },
  [Events.bulkDocumentFailed]: { payload: bulk.bulkDocumentFailedSchema },
  [Events.bulkSessionProgressed]: { payload: bulk.bulkSessionProgressedSchema },
  [Events.longTermRenewed]: { payload: longTerm.longTermRenewedSchema },
  [Events.longTermRenewalFailed]: { payload: longTerm.longTermRenewalFailedSchema },
} as const satisfies Record<EventName, { payload: z.ZodType }>;

export type RpcPayload<P extends RpcPattern> = z.input<(typeof rpcContracts)[P]['payload']>;
export type RpcReply<P extends RpcPattern> = z.output<(typeof rpcContracts)[P]['reply']>;
export type EventPayload<E extends EventName> = z.output<(typeof eventContracts)[E]['payload']>;
export type EventInput<E extends EventName> = z.input<(typeof eventContracts)[E]['payload']>;

export function isRpcPattern(name: string): name is RpcPattern {
  return Object.prototype.hasOwnProperty.call(rpcContracts, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(eventContracts, name);
}

/** The schema that validates an incoming payload for a pattern or event name. */
export function payloadSchemaOf(name: string): z.ZodType | undefined {
  if (isRpcPattern(name)) {
    return rpcContracts[name].payload;
  }
  if (isEventName(name)) {
    return eventContracts[name].payload;
  }
  return undefined;
}
