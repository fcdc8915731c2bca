import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { Services } from '@app/contracts';
import { ServiceCoreModule } from '@app/messaging';
import { BlobStoreModule } from '@app/blob-store';
import { BulkSignDocuments } from './bulk-sign/bulk-sign-documents';
import { BulkSignHandler } from './bulk-sign/bulk-sign.handler';
import { BulkSignQueues } from './bulk-sign/bulk-sign.queues';
import { BulkSignStartService } from './bulk-sign/bulk-sign-start.service';
import { BulkSignSweeper } from './bulk-sign/bulk-sign.sweeper';
import { SigningServiceMetrics } from './bulk-sign/bulk-sign.metrics';
import { BulkSignWorkers } from './bulk-sign/bulk-sign.workers';
import { WorkerHeartbeat } from './bulk-sign/worker-heartbeat';
import { CertificatesHandler } from './certificates/certificates.handler';
import { CertificatesRepository } from './certificates/certificates.repository';
import { CertificatesService } from './certificates/certificates.service';
import { inbox, outbox } from './database/signing.schema';
import { DocumentsHandler } from './documents/documents.handler';
import { SignDocumentService } from './documents/sign-document.service';
import { SignerKeys } from './documents/signer-keys';
import { LongTermExtender } from './long-term/long-term-extension';
import { RenewalWorker } from './long-term-renewal/renewal.worker';
import { PDF_SANDBOX_AT_START, PdfSandbox } from './pdf-sandbox/pdf-sandbox';
import { PlatformCaService } from './platform/platform-ca.service';
import { PlatformHandler } from './platform/platform.handler';
import { SigningSecrets } from './platform/signing-secrets';
import { RedisModule } from './redis/redis.module';
import { SigningPasswordsService } from './signing-passwords/signing-passwords.service';

export const signingMigrations = { schema: 'signing', folder: 'apps/signing/migrations' };
/** 長期保管延長's renewals (signing_long_term), applied after signing's own. */
export const signingLongTermMigrations = { schema: 'signing_long_term', folder: 'apps/signing/migrations-long-term' };

export interface SigningRole {
  /**
   * The signing service answers RPCs and sweeps bulk-sign documents whose job
   * Redis lost; a signing-worker process (worker.ts) runs the BullMQ workers.
   */
  role: 'service' | 'worker';
}

@Module({})
export class SigningModule {
  static forRoot(config: AppConfig, logger: Logger, { role }: SigningRole = { role: 'service' }): DynamicModule {
    return {
      module: SigningModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: Services.signing,
          config,
          logger,
          migrations: [signingMigrations, signingLongTermMigrations],
          outbox,
          inbox,
          // The signing service prunes; each signing-worker process would only repeat its passes.
          prunes: role === 'service',
          app: role === 'worker' ? 'signing-worker' : 'signing',
        }),
        BlobStoreModule.forRoot(config, 'signing'),
        RedisModule,
      ],
      controllers: [CertificatesHandler, DocumentsHandler, PlatformHandler, BulkSignHandler],
      providers: [
        SigningSecrets,
        PlatformCaService,
        CertificatesRepository,
        CertificatesService,
        SigningPasswordsService,
        SignDocumentService,
        SignerKeys,
        LongTermExtender,
        PdfSandbox,
        // Uploads come to the signing service; a signing-worker process only signs registered PDFs.
        { provide: PDF_SANDBOX_AT_START, useValue: role === 'service' },
        BulkSignQueues,
        BulkSignStartService,
        BulkSignDocuments,
        ...(role === 'worker' ? [BulkSignWorkers, WorkerHeartbeat, RenewalWorker] : [BulkSignSweeper, SigningServiceMetrics]),
      ],
    };
  }
}
