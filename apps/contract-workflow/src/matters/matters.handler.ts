import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { createMatterSchema, listMattersSchema, matterRefSchema, Patterns, updateMatterSchema } from '@app/contracts';
import { MattersService } from './matters.service';

/** 案件管理: a company's matters (the documents of a matter are listed by the contracts handler). */
@Controller()
export class MattersHandler {
  constructor(private readonly matters: MattersService) {}

  @MessagePattern(Patterns.contractWorkflow.createMatter)
  create(@Payload() input: z.output<typeof createMatterSchema>) {
    return this.matters.create(input);
  }

  @MessagePattern(Patterns.contractWorkflow.listMatters)
  list(@Payload() input: z.output<typeof listMattersSchema>) {
    return this.matters.list(input);
  }

  @MessagePattern(Patterns.contractWorkflow.getMatter)
  get(@Payload() input: z.output<typeof matterRefSchema>) {
    return this.matters.get(input.matterId);
  }

  @MessagePattern(Patterns.contractWorkflow.updateMatter)
  update(@Payload() input: z.output<typeof updateMatterSchema>) {
    return this.matters.update(input);
  }

  @MessagePattern(Patterns.contractWorkflow.deleteMatter)
  remove(@Payload() input: z.output<typeof matterRefSchema>) {
    return this.matters.delete(input.matterId);
  }
}
