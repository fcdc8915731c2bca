import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { MattersModule } from '../matters/matters.module';
import { TemplatesModule } from '../templates/templates.module';
import { ContractCommandsService } from './contract-commands.service';
import { ContractEvents } from './contract-events';
import { ContractMails } from './contract-mails';
import { ContractQueriesService } from './contract-queries.service';
import { ContractsHandler } from './contracts.handler';
import { ContractsRepository } from './contracts.repository';
import { PartyDirectory } from './party-directory';
import { RegistrationKeysPruner, RegistrationKeysRepository } from './registration-keys.repository';
import { RegisterContractUseCase } from './register-contract.use-case';
import { RouteChecker } from './route-checker';

/** Contracts: registration, the state machine, my list and search. */
@Module({
  imports: [LedgerModule, MattersModule, TemplatesModule],
  controllers: [ContractsHandler],
  providers: [
    ContractEvents,
    ContractsRepository,
    PartyDirectory,
    RouteChecker,
    ContractMails,
    RegisterContractUseCase,
    RegistrationKeysRepository,
    RegistrationKeysPruner,
    ContractCommandsService,
    ContractQueriesService,
  ],
  exports: [ContractsRepository, ContractMails, ContractEvents, PartyDirectory],
})
export class ContractsModule {}
