import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import {
  companyContactsSchema,
  companyRefSchema,
  createCompanySchema,
  listCompaniesSchema,
  Patterns,
  updateCompanySchema,
} from '@app/contracts';
import { CompaniesService } from './companies.service';

@Controller()
export class CompaniesHandler {
  constructor(private readonly companies: CompaniesService) {}

  @MessagePattern(Patterns.identity.createCompany)
  create(@Payload() input: z.output<typeof createCompanySchema>) {
    return this.companies.create(input);
  }

  @MessagePattern(Patterns.identity.updateCompany)
  update(@Payload() input: z.output<typeof updateCompanySchema>) {
    return this.companies.update(input);
  }

  @MessagePattern(Patterns.identity.getCompany)
  get(@Payload() input: z.output<typeof companyRefSchema>) {
    return this.companies.get(input.companyId);
  }

  @MessagePattern(Patterns.identity.companyContacts)
  contacts(@Payload() input: z.output<typeof companyContactsSchema>) {
    return this.companies.contacts(input.companyIds);
  }

  @MessagePattern(Patterns.identity.listCompanies)
  list(@Payload() input: z.output<typeof listCompaniesSchema>) {
    return this.companies.list(input);
  }
}
