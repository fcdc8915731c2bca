export * from './actor.schema';
export * from './errors';
export * from './names';
export * from './notification.schema';
export * from './ping.schema';
export * from './registry';
export * from './validation';
export * from './sealed-secret';
