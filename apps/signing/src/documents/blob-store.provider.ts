import { Provider } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { BlobStore } from '@app/blob-store';
import { DatabaseHandle } from '@app/db';
import { CONFIG, DATABASE } from '@app/messaging';

export const BLOB_STORE = Symbol('signing.blob-store');

/** PDFs in and out of signing: the shared content-addressed store, in signing's database (its migrations run there). */
export const blobStoreProvider: Provider = {
  provide: BLOB_STORE,
  inject: [DATABASE, CONFIG],
  useFactory: (database: DatabaseHandle, config: AppConfig) => new BlobStore(database.db, config.BLOB_MAX_BYTES),
};
