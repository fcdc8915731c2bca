import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import {
  acceptInvitationSchema,
  companyWithAdministratorSchema,
  createInvitationSchema,
  identitySecretContext,
  invitationViewSchema,
  parseOrThrow,
  Patterns,
  seal,
  sealPublicKey,
} from '@app/contracts';
import { CONFIG, ServiceClient } from '@app/messaging';
import { AuthenticatedRequest, Public, SessionOnly } from '../auth/auth.decorators';
import { gatewayError } from '../auth/gateway-errors';
import { LoginRateLimiter } from '../auth/login-rate-limiter';
import { ApiContract } from '../openapi/api-docs';

const tokenBody = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token from the application link') });
const applicationBody = acceptInvitationSchema.omit({ token: true }).extend(tokenBody.shape);

/**
 * 取引先の招待 and 利用申請: the invitation link carries a single-use token
 * in its fragment; the application page posts it here, sealed on to identity.
 */
@ApiTags('partner invitations')
@Controller('api')
export class InvitationsController {
  private readonly identityKey: KeyObject;

  constructor(
    private readonly services: ServiceClient,
    private readonly rateLimiter: LoginRateLimiter,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.identityKey = sealPublicKey(config.IDENTITY_SEAL_PUBLIC_KEY);
  }

  @Post('invitations')
  @SessionOnly()
  @ApiOperation({
    summary: '取引先の招待 / Invite a partner',
    description:
      'Administrator of a ONE_SIDE company. Mails 「利用申請サイトのお知らせ」 with a single-use link that expires (INVITATION_TTL_HOURS).',
  })
  @ApiContract({ body: createInvitationSchema, ok: invitationViewSchema, okStatus: 201, errors: [400, 401, 403] })
  create(@Body() body: unknown) {
    return this.services.send(Patterns.identity.createInvitation, parseOrThrow(createInvitationSchema, body));
  }

  @Post('partner-applications/inspect')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '利用申請リンクの確認 / Check an application link', description: 'Who invited, for which address, until when.' })
  @ApiContract({ body: tokenBody, ok: invitationViewSchema, errors: [400, 404, 429] })
  async inspect(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.limit(request, reply);
    const { token } = parseOrThrow(tokenBody, body);
    return this.services.send(Patterns.identity.inspectInvitation, { token: this.sealToken(token) });
  }

  @Post('partner-applications')
  @Public()
  @ApiOperation({
    summary: '利用申請 / Apply as a partner',
    description: 'Creates a PARTNER_ONLY company and its 管理用ID, mails the ID and the initial password, and uses up the link.',
  })
  @ApiContract({ body: applicationBody, ok: companyWithAdministratorSchema, okStatus: 201, errors: [400, 404, 429] })
  async apply(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.limit(request, reply);
    const { token, ...application } = parseOrThrow(applicationBody, body);
    return this.services.send(Patterns.identity.acceptInvitation, { ...application, token: this.sealToken(token) });
  }

  private sealToken(token: string) {
    return seal(this.identityKey, token, identitySecretContext('invitation', 'partner-application'));
  }

  private async limit(request: AuthenticatedRequest, reply: FastifyReply): Promise<void> {
    const wait = await this.rateLimiter.hit(request.ip);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw gatewayError('TOO_MANY_LOGIN_ATTEMPTS');
    }
  }
}
