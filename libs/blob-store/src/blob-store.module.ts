import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, databaseUrlFor } from '@app/config';
import { DatabaseHandle, openDatabase, runMigrations } from '@app/db';
import { BlobStore, blobStoreMigrations, storedPdfLimit } from './blob-store';

export const BLOB_STORE = Symbol('inkan.blob-store');
const BLOB_DATABASE = Symbol('inkan.blob-database');

@Injectable()
class BlobDatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(BLOB_DATABASE) private readonly database: DatabaseHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/**
 * The PDF store shared by contract-workflow and signing: its own connection
 * to BLOB_DATABASE_URL (the same database as the service's unless set), its
 * migrations applied there. A service writes a blob before the transaction
 * that refers to it; an unreferenced blob is harmless, a missing one is not.
 */
@Global()
@Module({})
export class BlobStoreModule {
  static forRoot(config: AppConfig, owner: 'contract-workflow' | 'signing'): DynamicModule {
    return {
      module: BlobStoreModule,
      providers: [
        {
          provide: BLOB_DATABASE,
          useFactory: async () => {
            const handle = openDatabase(databaseUrlFor(config, 'blob-store'), { poolSize: 4, applicationName: `inkan-${owner}-blobs` });
            await runMigrations(handle, blobStoreMigrations);
            return handle;
          },
        },
        {
          provide: BLOB_STORE,
          inject: [BLOB_DATABASE],
          useFactory: (database: DatabaseHandle) => new BlobStore(database.db, storedPdfLimit(config.BLOB_MAX_BYTES)),
        },
        BlobDatabaseLifecycle,
      ],
      exports: [BLOB_STORE],
    };
  }
}
