import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import {
  activateCertificateSchema,
  issueCertificateSchema,
  linkCertificateSchema,
  Patterns,
  revokeCertificateSchema,
} from '@app/contracts';
import { CertificatesService } from './certificates.service';

@Controller()
export class CertificatesHandler {
  constructor(private readonly certificates: CertificatesService) {}

  @MessagePattern(Patterns.signing.issueCertificate)
  issue(@Payload() input: z.output<typeof issueCertificateSchema>) {
    return this.certificates.issue(input.userId);
  }

  @MessagePattern(Patterns.signing.linkCertificate)
  link(@Payload() input: z.output<typeof linkCertificateSchema>) {
    return this.certificates.link(input.serialNumber, input.userId);
  }

  @MessagePattern(Patterns.signing.listCertificates)
  list() {
    return this.certificates.list();
  }

  @MessagePattern(Patterns.signing.activateCertificate)
  activate(@Payload() input: z.output<typeof activateCertificateSchema>) {
    return this.certificates.activate(input);
  }

  @MessagePattern(Patterns.signing.revokeCertificate)
  revoke(@Payload() input: z.output<typeof revokeCertificateSchema>) {
    return this.certificates.revoke(input);
  }

  @MessagePattern(Patterns.signing.unlockCertificate)
  unlock(@Payload() input: z.output<typeof linkCertificateSchema>) {
    return this.certificates.unlock(input.serialNumber, input.userId);
  }
}
