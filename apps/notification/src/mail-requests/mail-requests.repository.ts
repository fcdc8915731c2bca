import { Inject, Injectable } from '@nestjs/common';
import { NotificationRequested } from '@app/contracts';
import { DatabaseHandle, Transaction } from '@app/db';
import { DATABASE } from '@app/messaging';
import { mailRequests } from '../database/notification.schema';

@Injectable()
export class MailRequestsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  insert(tx: Transaction, messageId: string, request: NotificationRequested, requestedBy: string) {
    return tx.insert(mailRequests).values({
      messageId,
      template: request.template,
      recipient: request.to.email,
      locale: request.to.language,
      params: request.params,
      requestedBy,
    });
  }

  findAll() {
    return this.database.db.select().from(mailRequests).orderBy(mailRequests.createdAt);
  }
}
