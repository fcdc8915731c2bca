import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import {
  ActorContext,
  AppError,
  identitySecretContext,
  ownProfileSchema,
  parseOrThrow,
  Patterns,
  seal,
  sealPublicKey,
  updateOwnProfileSchema,
} from '@app/contracts';
import { CONFIG, ServiceClient } from '@app/messaging';
import { ApiContract } from '../openapi/api-docs';
import { Actor, SessionOnly } from './auth.decorators';

const profileBody = updateOwnProfileSchema.omit({ password: true }).extend({
  currentPassword: z.string().min(1).max(1024).optional().describe('the login password; required with `email`'),
});

/** 個人設定: the signed-in person's own language and mail address. */
@ApiTags('auth')
@Controller('api/auth/profile')
@SessionOnly()
export class ProfileController {
  private readonly identityKey: KeyObject;

  constructor(
    private readonly services: ServiceClient,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.identityKey = sealPublicKey(config.IDENTITY_SEAL_PUBLIC_KEY);
  }

  @Get()
  @ApiOperation({ summary: '個人設定 / Own settings', description: 'Name, mail address and language of the person logged in.' })
  @ApiContract({ ok: ownProfileSchema, errors: [401, 403] })
  get() {
    return this.services.send(Patterns.identity.getOwnProfile, {});
  }

  @Patch()
  @ApiOperation({
    summary: '個人設定の変更 / Change own language or mail address',
    description:
      "`language` (ja, en) picks the UI's and the mails' language. A new `email` needs `currentPassword` (400 PASSWORD_REQUIRED_FOR_EMAIL without it, 400 LOGIN_PASSWORD_WRONG when wrong — counted towards the lock like a wrong login); operators change only their language.",
  })
  @ApiContract({ body: profileBody, ok: ownProfileSchema, errors: [400, 401, 403] })
  update(@Body() body: unknown, @Actor() actor: ActorContext) {
    const { currentPassword, ...changes } = parseOrThrow(profileBody, body);
    if (!actor.userId) {
      throw AppError.of('UNAUTHENTICATED');
    }
    const password =
      currentPassword === undefined
        ? undefined
        : seal(this.identityKey, currentPassword, identitySecretContext('verify-password', actor.userId));
    return this.services.send(Patterns.identity.updateOwnProfile, { ...changes, password });
  }
}
