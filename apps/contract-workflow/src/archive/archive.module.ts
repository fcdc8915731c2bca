import { Module } from '@nestjs/common';
import { ArchiveHandler } from './archive.handler';
import { ArchiveRepository } from './archive.repository';
import { ArchiveService } from './archive.service';

/** 長期保管文書: the concluded contracts, searched and downloaded. */
@Module({
  controllers: [ArchiveHandler],
  providers: [ArchiveRepository, ArchiveService],
})
export class ArchiveModule {}
