#!/usr/bin/env node
// npm test: every test of the repository in one jest run (jest/global-setup.mjs starts Postgres and
// Kafka once), then the dashboard's browser tests in a jest run of their own (a whole system and a
// browser beside the other suites would starve them on two cores), then the dashboard's component
// tests (Vitest), then one closing line "N passed, N failed" over all that CI reads.
// Arguments are passed to jest, e.g. `npm test -- services/districts`; `npm test -- apps/dashboard`
// runs the component tests alone.
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

const DASHBOARD = 'apps/dashboard';
const args = process.argv.slice(2);
const componentTestsOnly = args.length > 0 && args.every((arg) => arg.startsWith(DASHBOARD));
const env = { ...process.env, APOLLO_TELEMETRY_DISABLED: '1' };

let passed = 0;
let failed = 0;
let exitCode = 0;

const BROWSER_SUITES = 'test/dashboard-browser.test.ts';
const jest = (jestArgs, runner) => {
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${results}`, ...jestArgs],
    { cwd: root, stdio: 'inherit', env },
  );
  count(run.status, runner);
};

if (args.length > 0 && !componentTestsOnly) jest(args, 'jest');
if (args.length === 0) {
  jest(
    ['--testPathIgnorePatterns=/node_modules/', `--testPathIgnorePatterns=${BROWSER_SUITES}`],
    'jest',
  );
  jest([BROWSER_SUITES], 'jest (browser)');
}
if (args.length === 0 || componentTestsOnly) {
  const vitest = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${results}`,
    ],
    { cwd: join(root, DASHBOARD), stdio: 'inherit', env },
  );
  count(vitest.status, 'vitest');
}

/** Adds a runner's counts (both write jest's JSON summary); a runner that failed counts once at least. */
function count(status, runner) {
  let runnerFailed = 0;
  let runnerPassed = 0;
  if (existsSync(results)) {
    const summary = JSON.parse(readFileSync(results, 'utf8'));
    runnerPassed = summary.numPassedTests;
    runnerFailed = summary.numFailedTests + (summary.numRuntimeErrorTestSuites ?? 0);
    if (summary.numTotalTests === 0) runnerFailed += 1;
    rmSync(results, { force: true });
  }
  if ((status !== 0 || runnerPassed === 0) && runnerFailed === 0) {
    console.error(`[test] ${runner} failed without a failed test (exit code ${status})`);
    runnerFailed = 1;
  }
  passed += runnerPassed;
  failed += runnerFailed;
  if (runnerFailed > 0) exitCode = 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
