import { z } from 'zod';
import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createNoticeSchema,
  listCurrentNoticesSchema,
  listManagedNoticesSchema,
  managedNoticePageSchema,
  managedNoticeViewSchema,
  noticeIdSchema,
  noticePageSchema,
  parseOrThrow,
  Patterns,
  updateNoticeSchema,
} from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { SessionOnly } from '../auth/auth.decorators';
import { ApiContract } from '../openapi/api-docs';
import { asObject } from './companies.controller';
import { ValidQuery } from '../openapi/valid-query';

const WHOSE =
  "An operator manages the platform's notices (shown to everyone), a company's 管理用ID its company's (shown to its users). Anyone else's notice is 404; other users get 403.";
const WINDOW =
  'publishFrom (inclusive) and publishUntil (exclusive) are ISO 8601 times with an offset; null or absent: unbounded. publishUntil must be after publishFrom.';

/** お知らせ on トップページ: the platform's and each company's notices. */
@ApiTags('notices')
@Controller('api/notices')
@SessionOnly()
export class NoticesController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({
    summary: 'お知らせ / Current notices',
    description:
      "What トップページ shows the logged-in person now: the platform's notices and its own company's, inside their publish window, newest first (by publishFrom, else creation). Paged; from/to for 「N件中 a～b件目を表示」.",
  })
  @ApiContract({ ok: noticePageSchema, errors: [400, 401, 403] })
  current(@ValidQuery(listCurrentNoticesSchema) query: z.output<typeof listCurrentNoticesSchema>) {
    return this.services.send(Patterns.identity.currentNotices, query);
  }

  @Get('managed')
  @ApiOperation({
    summary: 'お知らせ管理一覧 / Notices I manage',
    description: `Every notice of the platform (operator) or of the own company (管理用ID), also scheduled and expired ones; state filters (WITHDRAWN shows withdrawn ones). ${WHOSE}`,
  })
  @ApiContract({ ok: managedNoticePageSchema, errors: [400, 401, 403] })
  managed(@ValidQuery(listManagedNoticesSchema) query: z.output<typeof listManagedNoticesSchema>) {
    return this.services.send(Patterns.identity.listManagedNotices, query);
  }

  @Post()
  @ApiOperation({
    summary: 'お知らせ登録 / Create a notice',
    description: `Title (1–100 characters) and body (1–4000, plain text), importance NORMAL or IMPORTANT. ${WINDOW} ${WHOSE}`,
  })
  @ApiContract({ body: createNoticeSchema, ok: managedNoticeViewSchema, okStatus: 201, errors: [400, 401, 403] })
  create(@Body() body: unknown) {
    return this.services.send(Patterns.identity.createNotice, parseOrThrow(createNoticeSchema, body));
  }

  @Patch(':noticeId')
  @ApiOperation({ summary: 'お知らせ変更 / Edit a notice', description: `Only the fields sent change. ${WINDOW} ${WHOSE}` })
  @ApiContract({ body: updateNoticeSchema.omit({ noticeId: true }), ok: managedNoticeViewSchema, errors: [400, 401, 403, 404] })
  update(@Param('noticeId') noticeId: string, @Body() body: unknown) {
    return this.services.send(Patterns.identity.updateNotice, parseOrThrow(updateNoticeSchema, { ...asObject(body), noticeId }));
  }

  @Delete(':noticeId')
  @ApiOperation({
    summary: 'お知らせ取下げ / Withdraw a notice',
    description: `No longer shown to anyone; kept on record (state WITHDRAWN) and no longer editable. ${WHOSE}`,
  })
  @ApiContract({ ok: managedNoticeViewSchema, errors: [400, 401, 403, 404] })
  withdraw(@Param('noticeId') noticeId: string) {
    return this.services.send(Patterns.identity.withdrawNotice, { noticeId: parseOrThrow(noticeIdSchema, noticeId) });
  }
}
