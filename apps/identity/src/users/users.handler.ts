import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Patterns, registerUserSchema, searchUsersSchema, updateUserSchema, userRefSchema } from '@app/contracts';
import { UsersService } from './users.service';

type UserRef = z.output<typeof userRefSchema>;

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(Patterns.identity.registerUser)
  register(@Payload() input: z.output<typeof registerUserSchema>) {
    return this.users.register(input);
  }

  @MessagePattern(Patterns.identity.updateUser)
  update(@Payload() input: z.output<typeof updateUserSchema>) {
    return this.users.update(input);
  }

  @MessagePattern(Patterns.identity.getUser)
  get(@Payload() input: UserRef) {
    return this.users.get(input.userId);
  }

  @MessagePattern(Patterns.identity.searchUsers)
  search(@Payload() input: z.output<typeof searchUsersSchema>) {
    return this.users.search(input);
  }

  @MessagePattern(Patterns.identity.disableUser)
  disable(@Payload() input: UserRef) {
    return this.users.disable(input.userId);
  }

  @MessagePattern(Patterns.identity.enableUser)
  enable(@Payload() input: UserRef) {
    return this.users.enable(input.userId);
  }

  @MessagePattern(Patterns.identity.unlockUser)
  unlock(@Payload() input: UserRef) {
    return this.users.unlock(input.userId);
  }

  @MessagePattern(Patterns.identity.resetUserPassword)
  resetPassword(@Payload() input: UserRef) {
    return this.users.resetPassword(input.userId);
  }

  @MessagePattern(Patterns.identity.routeCandidates)
  routeCandidates() {
    return this.users.routeCandidates();
  }

  @MessagePattern(Patterns.identity.userContact)
  contact(@Payload() input: UserRef) {
    return this.users.contact(input.userId);
  }
}
