export * from './log-capture';
export * from './platform';
export * from './tcp-proxy';
export * from './test-env';
