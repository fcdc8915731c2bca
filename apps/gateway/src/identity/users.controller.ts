import { z } from 'zod';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  parseOrThrow,
  Patterns,
  registerUserSchema,
  routeCandidatesSchema,
  searchUsersSchema,
  updateUserSchema,
  userIdSchema,
  userPageSchema,
  userViewSchema,
} from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { ApiContract } from '../openapi/api-docs';
import { asObject } from './companies.controller';
import { ValidQuery } from '../openapi/valid-query';

/**
 * 利用者登録・利用者情報の照会: the company's administrator (or an API token with the scope), within its own company;
 * the route candidates for any member of the company.
 */
@ApiTags('users (administrator)')
@Controller('api/users')
export class UsersController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ApiOperation({
    summary: '利用者登録 / Register a user',
    description: 'Issues the next user ID and mails two separate messages: the user ID, and the initial password. Scope users:write.',
  })
  @ApiContract({ body: registerUserSchema, ok: userViewSchema, okStatus: 201, errors: [400, 401, 403] })
  register(@Body() body: unknown) {
    return this.services.send(Patterns.identity.registerUser, parseOrThrow(registerUserSchema, body));
  }

  @Get()
  @ApiOperation({
    summary: '利用者情報の照会 / Search users',
    description: '`query` matches user ID, name, e-mail or department. Scope users:read.',
  })
  @ApiContract({ ok: userPageSchema, errors: [400, 401, 403] })
  search(@ValidQuery(searchUsersSchema) query: z.output<typeof searchUsersSchema>) {
    return this.services.send(Patterns.identity.searchUsers, query);
  }

  @Get('route-candidates')
  @ApiOperation({
    summary: '回覧先の候補 / Route candidates',
    description:
      "For 社内回覧先設定: the caller's own company's users who may take a route step now (neither disabled nor locked, holding the approver or signer role), as user ID, name and those roles only. Any logged-in user of a company; not API tokens or the operator (403).",
  })
  @ApiContract({ ok: routeCandidatesSchema, errors: [401, 403] })
  routeCandidates() {
    return this.services.send(Patterns.identity.routeCandidates, {});
  }

  @Get(':userId')
  @ApiOperation({ summary: '利用者情報 / A user', description: 'An administrator of the same company, or the user itself.' })
  @ApiContract({ ok: userViewSchema, errors: [400, 401, 403, 404] })
  get(@Param('userId') userId: string) {
    return this.services.send(Patterns.identity.getUser, { userId: parseOrThrow(userIdSchema, userId) });
  }

  @Patch(':userId')
  @ApiOperation({
    summary: '利用者情報の変更 / Edit a user',
    description:
      "Name, e-mail, department, language, roles, bulk signing. Scope users:write. The 管理用ID's e-mail, roles and bulk signing change only by itself or the operator, logged in (403 ADMINISTRATOR_SELF_ONLY for an API token or another user).",
  })
  @ApiContract({ body: updateUserSchema.omit({ userId: true }), ok: userViewSchema, errors: [400, 401, 403, 404, 409] })
  update(@Param('userId') userId: string, @Body() body: unknown) {
    return this.services.send(Patterns.identity.updateUser, parseOrThrow(updateUserSchema, { ...asObject(body), userId }));
  }

  @Post(':userId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: '利用停止 / Disable a user', description: 'Ends every session of the user. The 管理用ID cannot be disabled.' })
  @ApiContract({ ok: userViewSchema, errors: [400, 401, 403, 404, 409] })
  disable(@Param('userId') userId: string) {
    return this.services.send(Patterns.identity.disableUser, { userId: parseOrThrow(userIdSchema, userId) });
  }

  @Post(':userId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: '利用再開 / Enable a user' })
  @ApiContract({ ok: userViewSchema, errors: [400, 401, 403, 404] })
  enable(@Param('userId') userId: string) {
    return this.services.send(Patterns.identity.enableUser, { userId: parseOrThrow(userIdSchema, userId) });
  }

  @Post(':userId/unlock')
  @HttpCode(200)
  @ApiOperation({
    summary: 'ロック解除 / Unlock a user',
    description:
      'After 5 wrong passwords in a row a user ID is locked until an administrator unlocks it; a locked 管理用ID is unlocked by the operator. Disabling, enabling and unlocking the 管理用ID: only by itself or the operator, logged in.',
  })
  @ApiContract({ ok: userViewSchema, errors: [400, 401, 403, 404] })
  unlock(@Param('userId') userId: string) {
    return this.services.send(Patterns.identity.unlockUser, { userId: parseOrThrow(userIdSchema, userId) });
  }

  @Post(':userId/password-reset')
  @HttpCode(200)
  @ApiOperation({
    summary: 'パスワード再発行 / Reset the password',
    description:
      'Mails a new initial password, forces パスワード変更 at the next login and ends every session. For the 管理用ID only by itself or the operator, logged in (403 ADMINISTRATOR_SELF_ONLY for an API token or another user).',
  })
  @ApiContract({ ok: userViewSchema, errors: [400, 401, 403, 404] })
  resetPassword(@Param('userId') userId: string) {
    return this.services.send(Patterns.identity.resetUserPassword, { userId: parseOrThrow(userIdSchema, userId) });
  }
}
