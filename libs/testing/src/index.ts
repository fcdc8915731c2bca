export * from './log-capture';
export * from './smtp-capture';
export * from './tcp-proxy';
export * from './test-env';
export * from './http-client';
export * from './bulk-support';
