import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Patterns, updateOwnProfileSchema } from '@app/contracts';
import { ProfileService } from './profile.service';

@Controller()
export class ProfileHandler {
  constructor(private readonly profile: ProfileService) {}

  @MessagePattern(Patterns.identity.getOwnProfile)
  get() {
    return this.profile.get();
  }

  @MessagePattern(Patterns.identity.updateOwnProfile)
  update(@Payload() input: z.output<typeof updateOwnProfileSchema>) {
    return this.profile.update(input);
  }
}
