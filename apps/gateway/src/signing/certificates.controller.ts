import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import {
  ActorContext,
  AppError,
  certificateListSchema,
  certificateViewSchema,
  identitySecretContext,
  issueCertificateSchema,
  parseOrThrow,
  Patterns,
  revokeCertificateSchema,
  seal,
  sealPublicKey,
  serialNumberSchema,
  signingSecretContext,
  userIdSchema,
} from '@app/contracts';
import { CONFIG, ServiceClient } from '@app/messaging';
import { Actor, SessionOnly } from '../auth/auth.decorators';
import { asObject } from '../identity/companies.controller';
import { ApiContract } from '../openapi/api-docs';

const activationBody = z.object({ pin: z.string().min(1).max(64), loginPassword: z.string().min(1).max(1024) });
const linkBody = z.object({ userId: userIdSchema });

/** 証明書管理: issue, link, 証明書有効性確認, revoke and unlock. PINs and passwords are sealed here, at the edge. */
@ApiTags('certificates')
@Controller('api/certificates')
@SessionOnly()
export class CertificatesController {
  private readonly signingKey: KeyObject;
  private readonly identityKey: KeyObject;

  constructor(
    private readonly services: ServiceClient,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.signingKey = sealPublicKey(config.SIGNING_SEAL_PUBLIC_KEY);
    this.identityKey = sealPublicKey(config.IDENTITY_SEAL_PUBLIC_KEY);
  }

  @Post()
  @ApiOperation({
    summary: '電子証明書の発行 / Issue a certificate',
    description:
      'Administrator. For an active user ID with the signer role; the PIN goes to that user by mail (「PIN のお知らせ」) and is never shown.',
  })
  @ApiContract({ body: issueCertificateSchema, ok: certificateViewSchema, okStatus: 201, errors: [400, 401, 403, 404] })
  issue(@Body() body: unknown) {
    return this.services.send(Patterns.signing.issueCertificate, parseOrThrow(issueCertificateSchema, body));
  }

  @Get()
  @ApiOperation({
    summary: '証明書一覧 / Certificates',
    description: "The administrator: the company's certificates. A user: those linked to it.",
  })
  @ApiContract({ ok: certificateListSchema, errors: [401, 403] })
  list() {
    return this.services.send(Patterns.signing.listCertificates, {});
  }

  @Post(':serialNumber/holders')
  @ApiOperation({
    summary: '利用者IDへの紐付け / Link to another user ID',
    description: 'Administrator. The new holder gets its own PIN by mail.',
  })
  @ApiContract({ body: linkBody, ok: certificateViewSchema, okStatus: 201, errors: [400, 401, 403, 404, 409] })
  link(@Param('serialNumber') serialNumber: string, @Body() body: unknown) {
    const { userId } = parseOrThrow(linkBody, body);
    return this.services.send(Patterns.signing.linkCertificate, { serialNumber: parseOrThrow(serialNumberSchema, serialNumber), userId });
  }

  @Post(':serialNumber/activate')
  @HttpCode(200)
  @ApiOperation({
    summary: '証明書有効性確認 / Activate a certificate',
    description:
      'The holder enters the PIN and its login password once; the reply shows the certificate. Both are checked every time, and any wrong combination counts one wrong try and gets one answer, CERTIFICATE_ACTIVATION_FAILED (400) with the tries left before the lock in its message and in `details` (`{ path: "attemptsLeft", message: "<n>" }`), so neither the reply nor the count tells which was wrong. The fifth wrong try in a row locks the certificate for this user and answers 423 CERTIFICATE_LOCKED, as every try after it does until an administrator unlocks it; five wrong login passwords also lock the user ID.',
  })
  @ApiContract({ body: activationBody, ok: certificateViewSchema, errors: [400, 401, 403, 404, 409, 423] })
  activate(@Param('serialNumber') serialNumber: string, @Body() body: unknown, @Actor() actor: ActorContext) {
    const serial = parseOrThrow(serialNumberSchema, serialNumber);
    const input = parseOrThrow(activationBody, body);
    if (!actor.userId) {
      throw AppError.of('UNAUTHENTICATED');
    }
    return this.services.send(Patterns.signing.activateCertificate, {
      serialNumber: serial,
      pin: seal(this.signingKey, input.pin, signingSecretContext('pin', `${serial}:${actor.userId}`)),
      loginPassword: seal(this.identityKey, input.loginPassword, identitySecretContext('verify-password', actor.userId)),
    });
  }

  @Post(':serialNumber/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: '証明書の失効 / Revoke a certificate',
    description: 'Administrator. The next CRL lists it; it can no longer sign.',
  })
  @ApiContract({ body: revokeCertificateSchema.omit({ serialNumber: true }), ok: certificateViewSchema, errors: [400, 401, 403, 404] })
  revoke(@Param('serialNumber') serialNumber: string, @Body() body: unknown) {
    return this.services.send(
      Patterns.signing.revokeCertificate,
      parseOrThrow(revokeCertificateSchema, { ...asObject(body), serialNumber }),
    );
  }

  @Post(':serialNumber/holders/:userId/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'PINロック解除 / Unlock a certificate for a user', description: 'Administrator, after five wrong PINs.' })
  @ApiContract({ ok: certificateViewSchema, errors: [400, 401, 403, 404] })
  unlock(@Param('serialNumber') serialNumber: string, @Param('userId') userId: string) {
    return this.services.send(Patterns.signing.unlockCertificate, {
      serialNumber: parseOrThrow(serialNumberSchema, serialNumber),
      userId: parseOrThrow(userIdSchema, userId),
    });
  }
}
