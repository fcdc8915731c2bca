import { Body, Controller, Get, HttpCode, Inject, MessageEvent, Param, Post, Req, Sse, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { KeyObject } from 'node:crypto';
import { Observable } from 'rxjs';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import {
  ActorContext,
  AppError,
  bulkSessionIdSchema,
  bulkSessionViewSchema,
  bulkSignCandidatesSchema,
  bulkSignSearchSchema,
  bulkSigningRequestId,
  BulkSessionView,
  createBulkSignSessionSchema,
  parseOrThrow,
  Patterns,
  seal,
  sealPublicKey,
  signingSecretContext,
} from '@app/contracts';
import { CONFIG, ServiceClient } from '@app/messaging';
import { Actor } from '../auth/auth.decorators';
import { ValidQuery } from '../openapi/valid-query';
import { ApiContract } from '../openapi/api-docs';
import { BulkSignProgressGuard, ProgressStreamRequest } from './bulk-sign-progress.guard';
import { signBody } from './contracts.controller';

/**
 * 一括署名（受取）: 契約文書一括署名（受取）選択 (search), 対象選択 (a session and
 * one signing password by mail), 一括署名（受取） (accepted at once, signed in
 * the background by the signing workers) and the progress.
 */
@ApiTags('bulk-sign')
@Controller('api/bulk-sign')
export class BulkSignController {
  private readonly signingKey: KeyObject;

  constructor(
    private readonly services: ServiceClient,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.signingKey = sealPublicKey(config.SIGNING_SEAL_PUBLIC_KEY);
  }

  @Get('candidates')
  @ApiOperation({
    summary: '契約文書一括署名（受取）選択 / Documents to bulk-sign',
    description:
      'A bulk user (company option, user flag, recipient + signer): documents of its my list in 受領側受取待ち, oldest number first, at most 200. `truncated` says more exist — sign some first.',
  })
  @ApiContract({ ok: bulkSignCandidatesSchema, errors: [400, 401, 403] })
  candidates(@ValidQuery(bulkSignSearchSchema) query: z.output<typeof bulkSignSearchSchema>) {
    return this.services.send(Patterns.contractWorkflow.bulkSignCandidates, query);
  }

  @Post('sessions')
  @ApiOperation({
    summary: '対象選択 / Select the documents',
    description:
      'Exactly these documents (1–200, each still selectable, checked again here). Mails 「署名用パスワード発行のお知らせ」 with one signing password for the whole selection.',
  })
  @ApiContract({ body: createBulkSignSessionSchema, ok: bulkSessionViewSchema, okStatus: 201, errors: [400, 401, 403] })
  create(@Body() body: unknown) {
    return this.services.send(Patterns.contractWorkflow.createBulkSignSession, parseOrThrow(createBulkSignSessionSchema, body));
  }

  @Post('sessions/:sessionId/execute')
  @HttpCode(202)
  @ApiOperation({
    summary: '一括署名（受取） / Sign them all',
    description:
      'The certificate and the mailed signing password. Accepted at once; follow the progress. Sending it again changes nothing and answers with the progress.',
  })
  @ApiContract({ body: signBody, ok: bulkSessionViewSchema, okStatus: 202, errors: [400, 401, 403, 404, 409, 423, 503] })
  execute(@Param('sessionId') sessionId: string, @Body() body: unknown, @Actor() actor: ActorContext) {
    const id = parseOrThrow(bulkSessionIdSchema, sessionId);
    const input = parseOrThrow(signBody, body);
    if (!actor.userId) {
      throw AppError.of('FORBIDDEN');
    }
    return this.services.send(Patterns.contractWorkflow.executeBulkSign, {
      sessionId: id,
      serialNumber: input.serialNumber,
      signingPassword: seal(
        this.signingKey,
        input.signingPassword,
        signingSecretContext('signing-password', `${bulkSigningRequestId(id)}:${actor.userId}`),
      ),
    });
  }

  @Get('sessions/:sessionId')
  @ApiOperation({
    summary: '一括署名の進捗 / Progress',
    description: 'Total, done, failed, pending and each document with its state (and why it failed).',
  })
  @ApiContract({ ok: bulkSessionViewSchema, errors: [400, 401, 403, 404] })
  get(@Param('sessionId') sessionId: string) {
    return this.progress(parseOrThrow(bulkSessionIdSchema, sessionId));
  }

  @Sse('sessions/:sessionId/events')
  @ApiOperation({
    summary: '一括署名の進捗（Server-Sent Events） / Progress stream',
    description:
      'text/event-stream: a `progress` event at once with the whole session, then a `progress` event with the counts and the documents that finished each time documents finish, then `completed` with the whole session, and the stream ends. A comment line every 15 s keeps it open.',
  })
  @ApiProduces('text/event-stream')
  @ApiContract({ ok: z.string(), errors: [400, 401, 403, 404] })
  @UseGuards(BulkSignProgressGuard)
  events(@Req() request: ProgressStreamRequest): Observable<MessageEvent> {
    return request.progressStream as Observable<MessageEvent>;
  }

  private progress(sessionId: string): Promise<BulkSessionView> {
    return this.services.send(Patterns.contractWorkflow.getBulkSignSession, { sessionId });
  }
}
