import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { AppConfig } from '@app/config';
import {
  AppError,
  issueSigningPasswordSchema,
  Patterns,
  prepareDocumentSchema,
  signDocumentSchema,
  validateDocumentSchema,
} from '@app/contracts';
import { CONFIG, currentActor } from '@app/messaging';
import { PdfSandbox } from '../pdf-sandbox/pdf-sandbox';
import { PlatformCaService } from '../platform/platform-ca.service';
import { SigningPasswordsService } from '../signing-passwords/signing-passwords.service';
import { SignDocumentService } from './sign-document.service';

@Controller()
export class DocumentsHandler {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly signer: SignDocumentService,
    private readonly passwords: SigningPasswordsService,
    private readonly platform: PlatformCaService,
    private readonly sandbox: PdfSandbox,
  ) {}

  @MessagePattern(Patterns.signing.issueSigningPassword)
  issuePassword(@Payload() input: z.output<typeof issueSigningPasswordSchema>) {
    return this.passwords.issue(input);
  }

  /** A new contract's PDF: normalised once, stored; the reply is its hash. Bad PDFs are refused before anything is stored. */
  @MessagePattern(Patterns.signing.prepareDocument)
  async prepare(@Payload() input: z.output<typeof prepareDocumentSchema>) {
    const actor = currentActor();
    if (actor.kind === 'anonymous') {
      throw AppError.of('UNAUTHENTICATED');
    }
    // The upload was staged by the gateway (claim check): only its ID and hash crossed the broker. The sandbox reads,
    // normalises and stores it, so its bytes never reach this event loop.
    return this.sandbox.register(input.upload, this.config.BLOB_MAX_BYTES);
  }

  @MessagePattern(Patterns.signing.signDocument)
  sign(@Payload() input: z.output<typeof signDocumentSchema>) {
    return this.signer.sign(input);
  }

  /** A readable report per signature, against our root and the current CRL; any logged-in user or token. */
  @MessagePattern(Patterns.signing.validateDocument)
  async validate(@Payload() input: z.output<typeof validateDocumentSchema>) {
    const actor = currentActor();
    if (actor.kind === 'anonymous') {
      throw AppError.of('UNAUTHENTICATED');
    }
    // Read from the store (a stored document, or a staged upload) and validated in the sandbox: its bytes never reach this event loop.
    const report = await this.sandbox.validateStored(input, await this.platform.allCrls());
    return JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
  }
}
