import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { ocspRequestSchema, Patterns, timestampQuerySchema } from '@app/contracts';
import { PlatformCaService } from './platform-ca.service';

/** What anyone may fetch: timestamps (RFC 3161), the CRL, OCSP answers (RFC 6960) and the CA certificates to trust. */
@Controller()
export class PlatformHandler {
  constructor(private readonly platform: PlatformCaService) {}

  @MessagePattern(Patterns.signing.timestamp)
  async timestamp(@Payload() input: z.output<typeof timestampQuerySchema>) {
    const reply = await this.platform.engine.handleTimestampQuery(Buffer.from(input.queryBase64, 'base64'));
    return { replyBase64: Buffer.from(reply).toString('base64') };
  }

  @MessagePattern(Patterns.signing.crl)
  async crl() {
    return { derBase64: (await this.platform.currentCrl()).toString('base64') };
  }

  @MessagePattern(Patterns.signing.ocsp)
  async ocsp(@Payload() input: z.output<typeof ocspRequestSchema>) {
    const response = await this.platform.ocsp(Buffer.from(input.requestBase64, 'base64'));
    return { responseBase64: response.toString('base64') };
  }

  @MessagePattern(Patterns.signing.caCertificates)
  caCertificates() {
    const { rootCertificate, issuingCertificate } = this.platform.engine.ca.toPem();
    return { rootPem: rootCertificate, issuingPem: issuingCertificate };
  }
}
