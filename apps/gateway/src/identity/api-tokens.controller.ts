import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { API_TOKEN_SCOPES, apiTokenViewSchema, createApiTokenSchema, parseOrThrow, Patterns } from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { SessionOnly } from '../auth/auth.decorators';
import { newApiToken, tokenHash } from '../auth/credentials';
import { ApiContract } from '../openapi/api-docs';

const createBody = createApiTokenSchema.omit({ tokenHash: true, displayPrefix: true });
const created = z.object({
  token: z.string().describe('Shown once; send as `Authorization: Bearer <token>`.'),
  apiToken: apiTokenViewSchema,
});

/** API tokens for a company's own systems: made here, shown once, stored by identity only as a hash. */
@ApiTags('api tokens (administrator)')
@Controller('api/api-tokens')
@SessionOnly()
export class ApiTokensController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ApiOperation({
    summary: 'APIトークン発行 / Create an API token',
    description: `Scopes: ${API_TOKEN_SCOPES.join(', ')}. Expires after expiresInDays (1–365, default 90).`,
  })
  @ApiContract({ body: createBody, ok: created, okStatus: 201, errors: [400, 401, 403] })
  async create(@Body() body: unknown) {
    const input = parseOrThrow(createBody, body);
    const { token, displayPrefix } = newApiToken();
    const apiToken = await this.services.send(Patterns.identity.createApiToken, { ...input, tokenHash: tokenHash(token), displayPrefix });
    return { token, apiToken };
  }

  @Get()
  @ApiOperation({ summary: 'APIトークン一覧 / List API tokens' })
  @ApiContract({ ok: z.object({ items: z.array(apiTokenViewSchema) }), errors: [401, 403] })
  list() {
    return this.services.send(Patterns.identity.listApiTokens, {});
  }

  @Delete(':tokenId')
  @ApiOperation({ summary: 'APIトークン失効 / Revoke an API token' })
  @ApiContract({ ok: apiTokenViewSchema, errors: [400, 401, 403, 404] })
  revoke(@Param('tokenId') tokenId: string) {
    return this.services.send(Patterns.identity.revokeApiToken, { tokenId: parseOrThrow(z.uuid(), tokenId) });
  }
}
