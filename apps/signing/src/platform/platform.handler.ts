import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { AppError, crlRequestSchema, ocspRequestSchema, Patterns, timestampQuerySchema } from '@app/contracts';
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
  async crl(@Payload() input: z.output<typeof crlRequestSchema>) {
    const crl = await this.platform.crl(input.name ?? 'issuing-ca');
    if (!crl) {
      throw AppError.of('NOT_FOUND');
    }
    return { derBase64: crl.toString('base64') };
  }

  @MessagePattern(Patterns.signing.ocsp)
  async ocsp(@Payload() input: z.output<typeof ocspRequestSchema>) {
    const response = await this.platform.ocsp(Buffer.from(input.requestBase64, 'base64'));
    return { responseBase64: response.toString('base64') };
  }

  @MessagePattern(Patterns.signing.caCertificates)
  caCertificates() {
    const { engine } = this.platform;
    const { rootCertificate, issuingCertificate } = engine.ca.toPem();
    return {
      rootPem: rootCertificate,
      issuingPem: issuingCertificate,
      issuing: engine.issuingAuthorities.map((ca) => ({ name: ca.issuingName, pem: ca.issuingCertificate.toString('pem') })),
    };
  }
}
