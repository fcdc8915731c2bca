/** Injection tokens of what ServiceCoreModule provides to every service. */
export const CONFIG = Symbol('inkan.config');
export const LOGGER = Symbol('inkan.logger');
export const DATABASE = Symbol('inkan.database');
export const HEALTH_CHECKS = Symbol('inkan.health-checks');
export const SERVICE_NAME = Symbol('inkan.service-name');
