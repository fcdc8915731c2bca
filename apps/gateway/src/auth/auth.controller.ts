import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import {
  ActorContext,
  AppError,
  identitySecretContext,
  parseOrThrow,
  Patterns,
  seal,
  sealPublicKey,
  sessionViewSchema,
} from '@app/contracts';
import { CONFIG, ServiceClient } from '@app/messaging';
import { ApiContract } from '../openapi/api-docs';
import { Actor, AllowedDuringPasswordChange, AuthenticatedRequest, Public, SessionOnly } from './auth.decorators';
import { clearingSetCookie, readCookie, sessionSetCookie } from './cookies';
import { CookieSettings, csrfTokenFor, newSessionToken, sessionCookie, tokenHash } from './credentials';
import { gatewayError } from './gateway-errors';
import { LoginRateLimiter } from './login-rate-limiter';

const loginBody = z.object({
  loginId: z.string().trim().min(1).max(32).describe('利用者ID (U + 6 digits) or operator ID (P + 6 digits)'),
  password: z.string().min(1).max(1024),
});
const passwordChangeBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
  newPasswordConfirmation: z.string().min(1).max(1024),
});
const sessionReply = z.object({ session: sessionViewSchema, csrfToken: z.string() });
const sessionStateReply = z.union([sessionReply, z.object({ session: z.null() })]);

/**
 * ログイン, ログアウト and パスワード変更. Passwords are sealed to identity here,
 * at the edge, so they never travel or rest in clear.
 */
@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  private readonly identityKey: KeyObject;
  private readonly cookie: CookieSettings;

  constructor(
    private readonly services: ServiceClient,
    private readonly rateLimiter: LoginRateLimiter,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.identityKey = sealPublicKey(config.IDENTITY_SEAL_PUBLIC_KEY);
    this.cookie = sessionCookie(config);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'ログイン / Log in',
    description: 'Sets the httpOnly session cookie; returns the CSRF token to send as X-CSRF-Token on every change.',
  })
  @ApiContract({ body: loginBody, ok: sessionReply, errors: [400, 401, 429] })
  async login(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const wait = await this.rateLimiter.hit(request.ip);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw gatewayError('TOO_MANY_LOGIN_ATTEMPTS');
    }
    const input = parseOrThrow(loginBody, body);
    const sessionToken = newSessionToken();
    const session = await this.services.send(Patterns.identity.login, {
      loginId: input.loginId,
      password: seal(this.identityKey, input.password, identitySecretContext('login', input.loginId)),
      sessionTokenHash: tokenHash(sessionToken),
      ip: request.ip,
      userAgent: String(request.headers['user-agent'] ?? '').slice(0, 512),
    });
    void reply.header('set-cookie', sessionSetCookie(this.cookie.name, sessionToken, this.cookie));
    return { session, csrfToken: csrfTokenFor(sessionToken) };
  }

  @Get('session')
  @SessionOnly()
  @AllowedDuringPasswordChange()
  @ApiOperation({
    summary: 'ログイン中の利用者 / The current session',
    description: 'Also returns the CSRF token again (e.g. after a page reload).',
  })
  @ApiContract({ ok: sessionReply, errors: [401, 403] })
  async session(@Req() request: AuthenticatedRequest) {
    const sessionToken = request.sessionToken as string;
    const session = await this.services.send(Patterns.identity.authenticateSession, { sessionTokenHash: tokenHash(sessionToken) });
    return { session, csrfToken: csrfTokenFor(sessionToken) };
  }

  @Get('session-state')
  @Public()
  @ApiOperation({
    summary: 'ログイン状態 / Whether a session is open',
    description:
      'For a browser page at start: the session and its CSRF token as GET /api/auth/session, or `{ session: null }` (still 200) when no valid session cookie was sent, so a logged-out visit logs no failed request.',
  })
  @ApiContract({ ok: sessionStateReply, errors: [] })
  async sessionState(@Req() request: AuthenticatedRequest) {
    const sessionToken = readCookie(request.headers.cookie, this.cookie.name);
    if (!sessionToken) {
      return { session: null };
    }
    try {
      const session = await this.services.send(Patterns.identity.authenticateSession, { sessionTokenHash: tokenHash(sessionToken) });
      return { session, csrfToken: csrfTokenFor(sessionToken) };
    } catch (error) {
      // An ended or expired session is simply no session; anything else (identity down) is the error it is.
      if (error instanceof AppError && error.reply.status === 401) {
        return { session: null };
      }
      throw error;
    }
  }

  @Post('logout')
  @SessionOnly()
  @AllowedDuringPasswordChange()
  @HttpCode(200)
  @ApiOperation({ summary: 'ログアウト / Log out' })
  @ApiContract({ ok: z.object({ ok: z.literal(true) }), errors: [401, 403] })
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.services.send(Patterns.identity.endSession, { sessionTokenHash: tokenHash(request.sessionToken as string) });
    void reply.header('set-cookie', clearingSetCookie(this.cookie.name, this.cookie.secure));
    return { ok: true as const };
  }

  @Post('password')
  @SessionOnly()
  @AllowedDuringPasswordChange()
  @HttpCode(200)
  @ApiOperation({
    summary: 'パスワード変更 / Change password',
    description:
      "Rule: 8–128 characters with ASCII letters, ASCII digits and at least one of ! # $ % & ' - _ (no other characters), not a common password, not the current one. On success every session of the user ends, this one included: log in again with the new password.",
  })
  @ApiContract({ body: passwordChangeBody, ok: z.object({ ok: z.literal(true) }), errors: [400, 401, 403] })
  async changePassword(@Body() body: unknown, @Actor() actor: ActorContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = parseOrThrow(passwordChangeBody, body);
    if (!actor.userId) {
      throw AppError.of('UNAUTHENTICATED');
    }
    const sealFor = (purpose: 'current-password' | 'new-password', value: string) =>
      seal(this.identityKey, value, identitySecretContext(purpose, actor.userId as string));
    await this.services.send(Patterns.identity.changePassword, {
      currentPassword: sealFor('current-password', input.currentPassword),
      newPassword: sealFor('new-password', input.newPassword),
      newPasswordConfirmation: sealFor('new-password', input.newPasswordConfirmation),
    });
    void reply.header('set-cookie', clearingSetCookie(this.cookie.name, this.cookie.secure));
    return { ok: true as const };
  }
}
