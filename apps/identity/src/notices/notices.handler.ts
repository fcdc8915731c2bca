import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import {
  createNoticeSchema,
  listCurrentNoticesSchema,
  listManagedNoticesSchema,
  noticeRefSchema,
  Patterns,
  updateNoticeSchema,
} from '@app/contracts';
import { currentActor } from '@app/messaging';
import { NoticesService } from './notices.service';

@Controller()
export class NoticesHandler {
  constructor(private readonly notices: NoticesService) {}

  @MessagePattern(Patterns.identity.currentNotices)
  current(@Payload() input: z.output<typeof listCurrentNoticesSchema>) {
    return this.notices.current(currentActor(), input);
  }

  @MessagePattern(Patterns.identity.listManagedNotices)
  managed(@Payload() input: z.output<typeof listManagedNoticesSchema>) {
    return this.notices.managed(currentActor(), input);
  }

  @MessagePattern(Patterns.identity.createNotice)
  create(@Payload() input: z.output<typeof createNoticeSchema>) {
    return this.notices.create(currentActor(), input);
  }

  @MessagePattern(Patterns.identity.updateNotice)
  update(@Payload() input: z.output<typeof updateNoticeSchema>) {
    return this.notices.update(currentActor(), input);
  }

  @MessagePattern(Patterns.identity.withdrawNotice)
  withdraw(@Payload() input: z.output<typeof noticeRefSchema>) {
    return this.notices.withdraw(currentActor(), input.noticeId);
  }
}
