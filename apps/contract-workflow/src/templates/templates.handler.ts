import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { createTemplateSchema, listTemplatesSchema, Patterns, replaceTemplateSchema, templateRefSchema } from '@app/contracts';
import { TemplatesService } from './templates.service';

/** テンプレート管理 (registration from a template goes through the contracts handler). */
@Controller()
export class TemplatesHandler {
  constructor(private readonly templates: TemplatesService) {}

  @MessagePattern(Patterns.contractWorkflow.createTemplate)
  create(@Payload() input: z.output<typeof createTemplateSchema>) {
    return this.templates.create(input);
  }

  @MessagePattern(Patterns.contractWorkflow.listTemplates)
  list(@Payload() input: z.output<typeof listTemplatesSchema>) {
    return this.templates.list(input);
  }

  @MessagePattern(Patterns.contractWorkflow.getTemplate)
  get(@Payload() input: z.output<typeof templateRefSchema>) {
    return this.templates.get(input.templateId);
  }

  @MessagePattern(Patterns.contractWorkflow.replaceTemplate)
  replace(@Payload() input: z.output<typeof replaceTemplateSchema>) {
    return this.templates.replace(input.templateId, input.template);
  }

  @MessagePattern(Patterns.contractWorkflow.deleteTemplate)
  remove(@Payload() input: z.output<typeof templateRefSchema>) {
    return this.templates.delete(input.templateId);
  }
}
