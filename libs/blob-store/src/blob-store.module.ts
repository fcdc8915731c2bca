import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, databaseUrlFor } from '@app/config';
import { DatabaseHandle, openDatabase, runMigrations } from '@app/db';
import { BlobStore, blobStoreMigrations, storedPdfLimit } from './blob-store';
import { StagedFiles } from './staged-files';

export const BLOB_STORE = Symbol('inkan.blob-store');
export const STAGED_FILES = Symbol('inkan.staged-files');
const BLOB_DATABASE = Symbol('inkan.blob-database');

@Injectable()
class BlobDatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(BLOB_DATABASE) private readonly database: DatabaseHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/**
 * The PDF store shared by the gateway, contract-workflow and signing (and the
 * staging area through which they hand PDFs over): its own connection
 * to BLOB_DATABASE_URL (the same database as the service's unless set), its
 * migrations applied there. A service writes a blob before the transaction
 * that refers to it; an unreferenced blob is harmless, a missing one is not.
 */
@Global()
@Module({})
export class BlobStoreModule {
  static forRoot(config: AppConfig, owner: 'gateway' | 'contract-workflow' | 'signing'): DynamicModule {
    return {
      module: BlobStoreModule,
      providers: [
        {
          provide: BLOB_DATABASE,
          useFactory: async () => {
            const handle = openDatabase(databaseUrlFor(config, 'blob-store'), { poolSize: 4, applicationName: `inkan-${owner}-blobs` });
            // The services that own PDFs migrate the store; the gateway only uses it (and starts without a database).
            if (owner !== 'gateway') {
              await runMigrations(handle, blobStoreMigrations);
            }
            return handle;
          },
        },
        {
          provide: BLOB_STORE,
          inject: [BLOB_DATABASE],
          useFactory: (database: DatabaseHandle) => new BlobStore(database.db, storedPdfLimit(config.BLOB_MAX_BYTES)),
        },
        { provide: STAGED_FILES, inject: [BLOB_DATABASE], useFactory: (database: DatabaseHandle) => new StagedFiles(database.db) },
        BlobDatabaseLifecycle,
      ],
      exports: [BLOB_STORE, STAGED_FILES],
    };
  }
}
