import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import {
  identitySecretContext,
  parseOrThrow,
  PASSWORD_RESET_PASSWORD_SUBJECT,
  PASSWORD_RESET_TOKEN_SUBJECT,
  Patterns,
  requestPasswordResetSchema,
  seal,
  sealPublicKey,
} from '@app/contracts';
import { CONFIG, ServiceClient } from '@app/messaging';
import { ApiContract } from '../openapi/api-docs';
import { AuthenticatedRequest, Public } from './auth.decorators';
import { PasswordResetLimiter, passwordResetError } from './password-reset-limiter';

const resetBody = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token from the password reset link'),
  newPassword: z.string().min(1).max(1024),
  newPasswordConfirmation: z.string().min(1).max(1024),
});
const okReply = z.object({ ok: z.literal(true) });

/**
 * パスワードを忘れた場合: a reset link by mail, then the new password with the
 * link's token. No login; the token and passwords are sealed to identity here.
 */
@ApiTags('auth')
@Controller('api/auth')
export class PasswordResetController {
  private readonly identityKey: KeyObject;

  constructor(
    private readonly services: ServiceClient,
    private readonly limiter: PasswordResetLimiter,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.identityKey = sealPublicKey(config.IDENTITY_SEAL_PUBLIC_KEY);
  }

  @Post('password-reset-requests')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'パスワード再設定の申し込み / Ask for a password reset link',
    description:
      "Mails 「パスワード再設定のお知らせ」 with a single-use link (`/password-reset/<token>`, valid PASSWORD_RESET_TTL_MINUTES, default 30) to the user ID's mail address. The answer is the same 202, after the same time, for every ID — unknown, disabled, locked or an operator's get no mail. A newer link voids the older ones. 429 TOO_MANY_PASSWORD_RESET_REQUESTS past PASSWORD_RESET_PER_ID_PER_HOUR requests for one ID or PASSWORD_RESET_PER_ADDRESS_PER_HOUR from one client address (counted whether or not the ID exists).",
  })
  @ApiContract({ body: requestPasswordResetSchema, ok: okReply, okStatus: 202, errors: [400, 429] })
  async request(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const { loginId } = parseOrThrow(requestPasswordResetSchema, body);
    const wait = await this.limiter.hit(loginId, request.ip);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw passwordResetError('TOO_MANY_PASSWORD_RESET_REQUESTS');
    }
    await this.services.send(Patterns.identity.requestPasswordReset, { loginId });
    return { ok: true as const };
  }

  @Post('password-resets')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'パスワード再設定 / Set a new password with the mailed link',
    description:
      'The token from the link, the new password and its confirmation. The password rule is that of パスワード変更. The link works once (400 PASSWORD_RESET_INVALID when used, expired, voided by a newer one or wrong); success ends every session of the user, who then logs in with the new password.',
  })
  @ApiContract({ body: resetBody, ok: okReply, errors: [400, 429] })
  async reset(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = parseOrThrow(resetBody, body);
    // Guessing tokens is hopeless (256 bits), but each try costs identity work: the address's count applies here too.
    const wait = await this.limiter.hit(undefined, request.ip);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw passwordResetError('TOO_MANY_PASSWORD_RESET_REQUESTS');
    }
    const sealFor = (subject: string, value: string) => seal(this.identityKey, value, identitySecretContext('password-reset', subject));
    await this.services.send(Patterns.identity.completePasswordReset, {
      token: sealFor(PASSWORD_RESET_TOKEN_SUBJECT, input.token),
      newPassword: sealFor(PASSWORD_RESET_PASSWORD_SUBJECT, input.newPassword),
      newPasswordConfirmation: sealFor(PASSWORD_RESET_PASSWORD_SUBJECT, input.newPasswordConfirmation),
    });
    return { ok: true as const };
  }
}
