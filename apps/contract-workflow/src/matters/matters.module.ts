import { Module } from '@nestjs/common';
import { PartyDirectory } from '../contracts/party-directory';
import { MattersHandler } from './matters.handler';
import { MattersRepository } from './matters.repository';
import { MattersService } from './matters.service';

/** 案件管理. The contracts module uses MattersService to link a document at registration and at receipt. */
@Module({
  controllers: [MattersHandler],
  providers: [MattersRepository, MattersService, PartyDirectory],
  exports: [MattersService],
})
export class MattersModule {}
