export * from './database';
export * from './migrations';
export * from './like';
export * from './insert-rows';
export * from './prepared-statement';
