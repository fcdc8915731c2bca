import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import {
  commentCommandSchema,
  contractRefSchema,
  listContractsSchema,
  listMatterContractsSchema,
  Patterns,
  receiveContractSchema,
  registerContractRequestSchema,
  rerouteContractSchema,
  signContractSchema,
} from '@app/contracts';
import { ContractCommandsService } from './contract-commands.service';
import { ContractQueriesService } from './contract-queries.service';
import { RegisterContractUseCase } from './register-contract.use-case';

type Comment = z.output<typeof commentCommandSchema>;

@Controller()
export class ContractsHandler {
  constructor(
    private readonly register: RegisterContractUseCase,
    private readonly commands: ContractCommandsService,
    private readonly queries: ContractQueriesService,
  ) {}

  @MessagePattern(Patterns.contractWorkflow.registerContract)
  registerContract(@Payload() input: z.output<typeof registerContractRequestSchema>) {
    return this.register.execute(input);
  }

  @MessagePattern(Patterns.contractWorkflow.submitContract)
  submit(@Payload() input: z.output<typeof contractRefSchema>) {
    return this.commands.run(input.contractId, 'submit');
  }

  @MessagePattern(Patterns.contractWorkflow.approveContract)
  approve(@Payload() input: Comment) {
    return this.commands.run(input.contractId, 'approve', input);
  }

  @MessagePattern(Patterns.contractWorkflow.returnContract)
  returnContract(@Payload() input: Comment) {
    return this.commands.run(input.contractId, 'return', input);
  }

  @MessagePattern(Patterns.contractWorkflow.rerouteContract)
  reroute(@Payload() input: z.output<typeof rerouteContractSchema>) {
    return this.commands.run(input.contractId, 'reroute', { route: input.route });
  }

  @MessagePattern(Patterns.contractWorkflow.receiveContract)
  receive(@Payload() input: z.output<typeof receiveContractSchema>) {
    return this.commands.run(input.contractId, 'receive', { route: input.route, matterId: input.matterId });
  }

  @MessagePattern(Patterns.contractWorkflow.declineContract)
  decline(@Payload() input: Comment) {
    return this.commands.run(input.contractId, 'decline', input);
  }

  @MessagePattern(Patterns.contractWorkflow.withdrawContract)
  withdraw(@Payload() input: Comment) {
    return this.commands.run(input.contractId, 'withdraw', input);
  }

  @MessagePattern(Patterns.contractWorkflow.signContract)
  sign(@Payload() input: z.output<typeof signContractSchema>) {
    return this.commands.sign(input.contractId, input.serialNumber, input.signingPassword);
  }

  @MessagePattern(Patterns.contractWorkflow.reissueSigningPassword)
  reissueSigningPassword(@Payload() input: z.output<typeof contractRefSchema>) {
    return this.commands.reissueSigningPassword(input.contractId);
  }

  @MessagePattern(Patterns.contractWorkflow.getContract)
  get(@Payload() input: z.output<typeof contractRefSchema>) {
    return this.queries.get(input.contractId);
  }

  @MessagePattern(Patterns.contractWorkflow.getContractPdf)
  pdf(@Payload() input: z.output<typeof contractRefSchema>) {
    return this.queries.pdf(input.contractId);
  }

  @MessagePattern(Patterns.contractWorkflow.listContracts)
  list(@Payload() input: z.output<typeof listContractsSchema>) {
    return this.queries.list(input);
  }

  @MessagePattern(Patterns.contractWorkflow.listMatterContracts)
  listForMatter(@Payload() input: z.output<typeof listMatterContractsSchema>) {
    return this.queries.listForMatter(input);
  }
}
