#!/usr/bin/env node
// npm run bench: installs the benchmarks' own dependencies (the peer gateways and the load
// generator, in bench/node_modules, never with the system) when missing, then runs every benchmark.
// Arguments go to bench/dashboard.mjs, e.g. `npm run bench -- --duration 5`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
if (!existsSync(join(here, 'node_modules', 'autocannon')))
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here });
for (const bench of [
  'gateway-overhead',
  'district-routing',
  'district-view',
  'dashboard-load',
  'tracing-overhead',
])
  run(process.execPath, [join(here, `${bench}.mjs`)]);
run(process.execPath, [join(here, 'dashboard.mjs'), ...process.argv.slice(2)]);
