import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { Events, NotificationRequested } from '@app/contracts';
import { DatabaseHandle } from '@app/db';
import { currentContext, DATABASE, handleOnce, LOGGER } from '@app/messaging';
import { inbox } from '../database/notification.schema';
import { MailRequestsRepository } from './mail-requests.repository';

@Controller()
export class MailRequestsHandler {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly mailRequests: MailRequestsRepository,
  ) {}

  @EventPattern(Events.notificationRequested)
  async onNotificationRequested(@Payload() request: NotificationRequested): Promise<void> {
    const context = currentContext();
    const messageId = context?.messageId ?? '';
    const actor = context?.actor;
    const outcome = await handleOnce(this.database.db, inbox, (tx) =>
      this.mailRequests.insert(tx, messageId, request, actor?.userId ?? actor?.kind ?? 'unknown'),
    );
    // Only the template name is logged: parameters may carry secrets.
    this.logger.info({ template: request.template, duplicate: !outcome.handled }, 'mail request accepted');
  }
}
