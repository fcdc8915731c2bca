import { Injectable } from '@nestjs/common';
import {
  ActorContext,
  listMailDeliveriesSchema,
  MailDelivery,
  MailDeliveryPage,
  MailTemplate,
  requireCompanyPermission,
} from '@app/contracts';
import { z } from 'zod';
import { DeliveryRow } from '../database/notification.schema';
import { DeliveriesRepository } from './deliveries.repository';

/**
 * The delivery log as an administrator sees it. Authorisation is decided
 * here from the actor context alone, not trusted to the gateway: a company's
 * administrator (or an API token that administrator scoped to
 * `mail-deliveries:read`, as the shared permission model allows), and only
 * mails addressed to that company. Everyone else: 403 (401 when anonymous).
 */
@Injectable()
export class ListDeliveriesUseCase {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  async execute(actor: ActorContext, query: z.output<typeof listMailDeliveriesSchema>): Promise<MailDeliveryPage> {
    const companyId = requireCompanyPermission(actor, 'mail-deliveries:read');
    const { rows, total } = await this.deliveries.listForCompany(
      { companyId, status: query.status, template: query.template },
      query.page,
      query.pageSize,
    );
    return { items: rows.map(toMailDelivery), total, page: query.page, pageSize: query.pageSize };
  }
}

/** What the log shows: status and addressing, never parameters, bodies or secrets. */
function toMailDelivery(row: DeliveryRow): MailDelivery {
  return {
    id: row.messageId,
    template: row.template as MailTemplate,
    language: row.language as MailDelivery['language'],
    recipient: { email: row.recipientEmail, name: row.recipientName, userId: row.recipientUserId, companyId: row.recipientCompanyId },
    status: row.status,
    attempts: row.attempts,
    lastResponse: row.lastResponse,
    smtpMessageId: row.smtpMessageId,
    requestedAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
