#!/usr/bin/env node
// npm test: every test of the repository in one jest run (jest/global-setup.mjs starts Postgres and
// Kafka once), then one closing line "N passed, N failed" that CI reads.
// Arguments are passed to jest, e.g. `npm test -- services/districts`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepare, root } from './prepare.mjs';

const results = join(root, '.jest-results.json');
rmSync(results, { force: true });

// Install what is missing and build first (turbo caches it): the supergraph is composed and the
// CLIs tested as they ship.
if (!(await prepare('test'))) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const jest = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/jest/bin/jest.js'),
    '--json',
    `--outputFile=${results}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1' } },
);

let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  if (summary.numTotalTests === 0) failed += 1;
}
const exitCode = jest.status === 0 && failed === 0 && passed > 0 ? 0 : 1;
if (exitCode !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
