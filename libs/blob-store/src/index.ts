export * from './blob-store';
export * from './blob.schema';
export * from './blob-store.module';
export * from './staged-files';
