import { Module } from '@nestjs/common';
import { PartyDirectory } from '../contracts/party-directory';
import { RouteChecker } from '../contracts/route-checker';
import { TemplatesHandler } from './templates.handler';
import { TemplatesRepository } from './templates.repository';
import { TemplatesService } from './templates.service';

/** テンプレート管理. The contracts module completes a registration from a template with TemplatesService. */
@Module({
  controllers: [TemplatesHandler],
  providers: [TemplatesRepository, TemplatesService, PartyDirectory, RouteChecker],
  exports: [TemplatesService],
})
export class TemplatesModule {}
