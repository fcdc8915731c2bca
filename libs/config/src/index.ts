export * from './config.schema';
export * from './load-config';
export * from './dev-keys';
export * from './process-keys';
