import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import {
  apiTokenRefSchema,
  AppError,
  authenticateApiTokenSchema,
  createApiTokenSchema,
  Patterns,
  requireCompanyPermission,
} from '@app/contracts';
import { currentActor } from '@app/messaging';
import { identityError } from '../identity.errors';
import { ApiTokensRepository, toApiTokenView } from './api-tokens.repository';

/**
 * API tokens for a company's own systems. The gateway makes the token and
 * shows it once; identity stores only its hash. Only a logged-in
 * administrator manages tokens (a token cannot mint tokens).
 */
@Controller()
export class ApiTokensHandler {
  constructor(private readonly tokens: ApiTokensRepository) {}

  @MessagePattern(Patterns.identity.createApiToken)
  async create(@Payload() input: z.output<typeof createApiTokenSchema>) {
    const actor = currentActor();
    const companyId = requireCompanyPermission(actor, 'api-tokens:manage');
    const row = await this.tokens.insert({
      companyId,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      tokenHash: input.tokenHash,
      displayPrefix: input.displayPrefix,
      createdBy: actor.userId as string,
      expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
    });
    return toApiTokenView(row);
  }

  @MessagePattern(Patterns.identity.listApiTokens)
  async list() {
    const companyId = requireCompanyPermission(currentActor(), 'api-tokens:manage');
    return { items: (await this.tokens.listForCompany(companyId)).map(toApiTokenView) };
  }

  @MessagePattern(Patterns.identity.revokeApiToken)
  async revoke(@Payload() input: z.output<typeof apiTokenRefSchema>) {
    const companyId = requireCompanyPermission(currentActor(), 'api-tokens:manage');
    const row = await this.tokens.revoke(companyId, input.tokenId);
    if (!row) {
      throw AppError.of('NOT_FOUND');
    }
    return toApiTokenView(row);
  }

  @MessagePattern(Patterns.identity.authenticateApiToken)
  async authenticate(@Payload() input: z.output<typeof authenticateApiTokenSchema>) {
    const row = await this.tokens.use(input.tokenHash);
    if (!row) {
      throw identityError('API_TOKEN_INVALID');
    }
    return toApiTokenView(row);
  }
}
