import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Patterns, startBulkSignSchema } from '@app/contracts';
import { BulkSignStartService } from './bulk-sign-start.service';

@Controller()
export class BulkSignHandler {
  constructor(private readonly starts: BulkSignStartService) {}

  @MessagePattern(Patterns.signing.startBulkSign)
  start(@Payload() input: z.output<typeof startBulkSignSchema>) {
    return this.starts.start(input);
  }
}
