import { NotificationRequested } from '@app/contracts';
import { NewDeliveryRow } from '../database/notification.schema';
import { smtpMessageIdFor } from './mail-composer';

/** The delivery row a newly accepted request starts as. */
export function newDelivery(request: NotificationRequested, messageId: string, requestedBy: string, mailFrom: string): NewDeliveryRow {
  return {
    messageId,
    template: request.template,
    language: request.to.language,
    recipientEmail: request.to.email,
    recipientName: request.to.name,
    recipientUserId: request.to.userId ?? null,
    recipientCompanyId: request.to.companyId ?? null,
    params: request.params,
    // Still sealed: only MailComposer opens it, when rendering.
    sealedSecret: 'secret' in request ? request.secret : null,
    smtpMessageId: smtpMessageIdFor(messageId, mailFrom),
    requestedBy,
  };
}
