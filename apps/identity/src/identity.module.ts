import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { Services } from '@app/contracts';
import { ServiceCoreModule } from '@app/messaging';
import { ApiTokensHandler } from './api-tokens/api-tokens.handler';
import { ApiTokensRepository } from './api-tokens/api-tokens.repository';
import { CompaniesHandler } from './companies/companies.handler';
import { CompaniesRepository } from './companies/companies.repository';
import { CompaniesService } from './companies/companies.service';
import { inbox, outbox } from './database/identity.schema';
import { InvitationsHandler } from './invitations/invitations.handler';
import { InvitationsRepository } from './invitations/invitations.repository';
import { InvitationsService } from './invitations/invitations.service';
import { IdentityMails } from './mails/identity-mails';
import { NoticesHandler } from './notices/notices.handler';
import { NoticesRepository } from './notices/notices.repository';
import { NoticesService } from './notices/notices.service';
import { PasswordResetsHandler } from './password-resets/password-resets.handler';
import { PasswordResetsRepository } from './password-resets/password-resets.repository';
import { PasswordResetsService } from './password-resets/password-resets.service';
import { ProfileHandler } from './profile/profile.handler';
import { ProfileService } from './profile/profile.service';
import { IdentitySecrets } from './secrets/identity-secrets';
import { CredentialsRepository } from './sessions/credentials.repository';
import { LoginService } from './sessions/login.service';
import { SessionsHandler } from './sessions/sessions.handler';
import { SessionsRepository } from './sessions/sessions.repository';
import { UsersHandler } from './users/users.handler';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

export const identityMigrations = { schema: 'identity', folder: 'apps/identity/migrations' };

@Module({})
export class IdentityModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: Services.identity,
          config,
          logger,
          migrations: [identityMigrations],
          outbox,
          inbox,
        }),
      ],
      controllers: [
        CompaniesHandler,
        UsersHandler,
        SessionsHandler,
        ApiTokensHandler,
        InvitationsHandler,
        NoticesHandler,
        PasswordResetsHandler,
        ProfileHandler,
      ],
      providers: [
        IdentitySecrets,
        IdentityMails,
        CompaniesRepository,
        CompaniesService,
        UsersRepository,
        UsersService,
        CredentialsRepository,
        SessionsRepository,
        LoginService,
        ApiTokensRepository,
        InvitationsRepository,
        InvitationsService,
        NoticesRepository,
        NoticesService,
        PasswordResetsRepository,
        PasswordResetsService,
        ProfileService,
      ],
    };
  }
}
