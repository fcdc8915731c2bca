export const GATEWAY_REDIS = Symbol('inkan.gateway.redis');
