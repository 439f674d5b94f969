/**
 * The tests that need no PostgreSQL, no Kafka, no build and no other process (npm run
 * test:unit): the domain rules, the gateway's routing and cache, the packages' pure parts and the
 * checks of files against the code. Seconds instead of minutes; jest.config.js runs them too, in
 * the one run of npm test. A test that comes to need the infrastructure fails here: move it out
 * of this list (docs/testing.md).
 */
const base = require('./jest.config.js');

const UNIT_TESTS = [
  // Every service's *.unit.test.ts: the decisions of its domain/ without a database.
  'services/*/test/**/*.unit.test.ts',
  'packages/kernel/test/*.test.ts',
  'packages/config/test/load-config.test.ts',
  'packages/events/test/event-docs.test.ts',
  'packages/observability/test/tracing.test.ts',
  'packages/subgraph-server/test/protection.test.ts',
  'services/budget/test/allocation.test.ts',
  'services/budget/test/spending-rules.test.ts',
  'services/districts/test/caseload-validation.test.ts',
  'services/districts/test/ownership.test.ts',
  'services/governance/test/benchmarking.test.ts',
  'services/governance/test/board.test.ts',
  'services/governance/test/decision.test.ts',
  'services/governance/test/publicity.test.ts',
  'services/governance/test/target-agreements.test.ts',
  'services/personnel/test/personnel-rules.test.ts',
  'services/personnel/test/staffing-arithmetic.test.ts',
  'gateway/test/composition.test.ts',
  'gateway/test/district-instances.test.ts',
  'gateway/test/district-operation.test.ts',
  'gateway/test/district-routes.test.ts',
  'gateway/test/response-cache.test.ts',
  'gateway/test/subgraph-breaker.test.ts',
  'gateway/test/trusted-documents.test.ts',
  'test/read-scope.test.ts',
  'test/compose-file.test.ts',
  'test/k8s-manifests.test.ts',
  'test/dashboard-server.test.ts',
  'test/new-migration.test.ts',
];

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: UNIT_TESTS.map((path) => `<rootDir>/${path}`),
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 30_000,
};
