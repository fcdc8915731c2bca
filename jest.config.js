/** One jest run: unit tests beside the code, integration tests against the machine's real services. */
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

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/'],
  // A few dependencies ship only ES modules, which jest on Node 20 cannot require: compile them too.
  transform: { '^.+\\.ts$': swc, '^.+/node_modules/content-disposition/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(?:.*/node_modules/)?content-disposition/)'],
  moduleNameMapper: {
    '^@apps/(.*)$': '<rootDir>/apps/$1',
    '^@scripts/(.*)$': '<rootDir>/scripts/$1',
    '^@app/messaging/(.*)$': '<rootDir>/libs/messaging/src/$1',
    '^@app/(config|contracts|db|messaging|blob-store|testing)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 60_000,
  // Two cores here: two test files at a time; each isolates itself (own database, own queue prefix).
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
