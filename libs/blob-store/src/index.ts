export * from './blob-store';
export * from './blob.schema';
