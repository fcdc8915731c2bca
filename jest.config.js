/**
 * Three test tiers, told apart by where a spec lives (docs/testing.md):
 *
 * - unit: `apps/*\/src`, `libs/*\/src` — pure rules beside the code; no PostgreSQL, RabbitMQ or Redis (the
 *   tier points them at a closed port, so a spec that reaches one fails and belongs in `test/` beside it);
 * - integration: `apps/*\/test`, `libs/*\/test` — one service or library against the real services;
 * - e2e: `test/` — the whole platform in process or as processes, worker processes, crash tests, the browser.
 *
 * `npm test` runs all three; `npm run test:unit`, `test:integration`, `test:e2e` one each.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/'],
  // A few dependencies ship only ES modules, which jest on Node 20 cannot require: compile them too.
  transform: { '^.+\\.ts$': swc, '^.+/node_modules/content-disposition/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(?:.*/node_modules/)?content-disposition/)'],
  moduleNameMapper: {
    '^@apps/(.*)$': '<rootDir>/apps/$1',
    '^@scripts/(.*)$': '<rootDir>/scripts/$1',
    '^@test/(.*)$': '<rootDir>/test/$1',
    '^@app/messaging/(.*)$': '<rootDir>/libs/messaging/src/$1',
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  },
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs'],
      testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.spec.ts'],
      setupFiles: ['<rootDir>/test/unit-tier-env.js'],
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/apps', '<rootDir>/libs'],
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
    },
  ],
  // A test waits on conditions (`eventually`); this is only the bound past which a hang counts as a failure (jest
  // reads it from here, not per project). Generous, because on a busy two-core machine a platform's start or a
  // bulk session takes several times what it takes idle: a crash test of 30 s idle took 141 s at a load of 16.
  testTimeout: 300_000,
  // Two cores here: two test files at a time; each isolates itself (own database, own queue prefix).
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
