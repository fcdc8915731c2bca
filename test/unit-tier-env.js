/**
 * The unit tier (`apps/*\/src`, `libs/*\/src`) runs without services: PostgreSQL, RabbitMQ and Redis point at
 * a closed loopback port, so a spec that reaches one fails at once (ECONNREFUSED 127.0.0.1:1) instead of passing
 * only where the services happen to run. Such a spec belongs in the `test/` folder beside it (integration tier).
 */
const closed = '127.0.0.1:1';
process.env.DATABASE_URL = `postgresql://postgres@${closed}/inkan`;
for (const key of Object.keys(process.env)) {
  if (/^[A-Z_]+_DATABASE_URL$/.test(key)) {
    delete process.env[key];
  }
}
process.env.AMQP_URL = `amqp://guest:guest@${closed}`;
process.env.REDIS_URL = `redis://${closed}`;
