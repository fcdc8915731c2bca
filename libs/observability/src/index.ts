export * from './metrics';
export * from './pool-metrics';
