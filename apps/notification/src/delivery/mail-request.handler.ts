import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Events, NotificationRequested } from '@app/contracts';
import { currentContext } from '@app/messaging';
import { DeliverMailUseCase } from './deliver-mail.use-case';

@Controller()
export class MailRequestHandler {
  constructor(private readonly deliverMail: DeliverMailUseCase) {}

  @EventPattern(Events.notificationRequested)
  async onNotificationRequested(@Payload() request: NotificationRequested): Promise<void> {
    const context = currentContext();
    const actor = context?.actor;
    await this.deliverMail.execute(request, context?.messageId ?? '', actor?.userId ?? actor?.kind ?? 'unknown');
  }
}
