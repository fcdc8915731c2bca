import { Injectable } from '@nestjs/common';
import { ActorContext, AppError, listMailDeliveriesSchema, MailDelivery, MailDeliveryPage, MailTemplate } from '@app/contracts';
import { z } from 'zod';
import { DeliveryRow } from '../database/notification.schema';
import { DeliveriesRepository } from './deliveries.repository';

/**
 * The delivery log as an administrator sees it. Authorisation is decided
 * here from the actor context alone, not trusted to the gateway: only a
 * company's administrator, and only mails addressed to that company.
 */
@Injectable()
export class ListDeliveriesUseCase {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  async execute(actor: ActorContext, query: z.output<typeof listMailDeliveriesSchema>): Promise<MailDeliveryPage> {
    const companyId = administeredCompany(actor);
    const { rows, total } = await this.deliveries.listForCompany(
      { companyId, status: query.status, template: query.template },
      query.page,
      query.pageSize,
    );
    return { items: rows.map(toMailDelivery), total, page: query.page, pageSize: query.pageSize };
  }
}

function administeredCompany(actor: ActorContext): string {
  if (actor.kind === 'user' && actor.roles.includes('administrator') && actor.companyId) {
    return actor.companyId;
  }
  throw AppError.of('FORBIDDEN');
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
