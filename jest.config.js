/**
 * One jest run for the whole repository (npm test): unit tests and integration tests against the
 * real PostgreSQL and Kafka that jest/global-setup.mjs starts once.
 */
const workspaces = {
  kernel: 'packages/kernel',
  config: 'packages/config',
  logger: 'packages/logger',
  observability: 'packages/observability',
  db: 'packages/db',
  events: 'packages/events',
  auth: 'packages/auth',
  'subgraph-server': 'packages/subgraph-server',
  testing: 'packages/testing',
  'local-infra': 'infra/local',
  districts: 'services/districts',
  governance: 'services/governance',
  personnel: 'services/personnel',
  budget: 'services/budget',
  gateway: 'gateway',
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/gateway', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  moduleNameMapper: Object.fromEntries(
    Object.entries(workspaces).map(([name, dir]) => [
      `^@jobcenter/${name}$`,
      `<rootDir>/${dir}/src`,
    ]),
  ),
  globalSetup: '<rootDir>/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/jest/global-teardown.mjs',
  testTimeout: 90_000,
  maxWorkers: 2,
};
