export * from './metrics';
export * from './pool-metrics';
export * from './tracing';
