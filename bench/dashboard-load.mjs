#!/usr/bin/env node
// First load of the dashboard's overview in Debian's Chromium, on localhost, against the whole
// system with every service's demo data: cold (a new browser profile, empty cache) and warm (the
// page's files cached), beside the baseline of the overview's one GraphQL operation sent alone;
// then the built bundle's size. Run after `npm run build`: node bench/dashboard-load.mjs
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ms, startBench } from './support.mjs';

const require = createRequire(import.meta.url);
const { startDashboardServer, loadDashboardConfig } = require('../apps/dashboard/dist/server.js');
const { createLogger } = require('../packages/logger/dist/index.js');
const { mintDevelopmentToken } = require('../packages/auth/dist/index.js');

const chromiumOptions = require('../test/support/chromium.json');
const COLD_RUNS = 5;
const WARM_RUNS = 10;
const BASELINE_RUNS = 30;
const STATIC_DIR = new URL('../apps/dashboard/dist/client', import.meta.url).pathname;
const year = new Date().getFullYear();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

const bench = await startBench();
let dashboard;
try {
  const districts = await bench.districts();
  const governance = await bench.service('governance');
  const personnel = await bench.service('personnel');
  const budget = await bench.service('budget');
  const gateway = await bench.gateway(districts.url, undefined, {
    SUBGRAPH_GOVERNANCE_URL: governance.url,
    SUBGRAPH_PERSONNEL_URL: personnel.url,
    SUBGRAPH_BUDGET_URL: budget.url,
  });
  dashboard = await startDashboardServer(
    loadDashboardConfig({
      NODE_ENV: 'test',
      PORT: '0',
      GATEWAY_URL: gateway.url.replace(/\/graphql$/, ''),
      STATIC_DIR,
    }),
    createLogger('bench-dashboard', 'silent'),
  );
  // The chair sees every part of the overview.
  const token = await mintDevelopmentToken({ subject: 'landrat', roles: ['board_chair'] });
  await waitForDemo(gateway.url, token);

  // The page takes the token from the address, as the identity provider hands it over.
  const overview = `${dashboard.url}/#access_token=${token}`;
  let operation;
  const load = async (context) => {
    const page = await context.newPage();
    let bytes = 0;
    page.on('requestfinished', async (request) => {
      const sizes = await request.sizes().catch(() => null);
      if (sizes) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      if (!operation && request.postDataJSON?.()?.operationName === 'Overview')
        operation = request.postData();
    });
    const started = performance.now();
    await page.goto(overview);
    // The figures: every district's latest caseload shown (the last row's).
    await page.getByTestId('elb-waltrop').filter({ hasText: /\d/ }).waitFor();
    const figures = performance.now() - started;
    // Loaded: every district's trend line drawn too.
    await page.locator('[data-testid="overview-table"] .spark svg').nth(9).waitFor();
    const elapsed = performance.now() - started;
    await page.close();
    return { figures, elapsed, bytes };
  };
  // Debian's Chromium as the browser tests start it (test/support/chromium.json).
  const launch = (profile) => chromium.launchPersistentContext(profile, chromiumOptions);

  // What a new tab costs at all: one small JSON document.
  const tab = async (context) => {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${dashboard.url}/health`);
    const elapsed = performance.now() - started;
    await page.close();
    return elapsed;
  };
  const cold = [];
  const warm = [];
  const tabs = [];
  for (let run = 0; run < COLD_RUNS; run += 1) {
    const profile = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
    const context = await launch(profile);
    try {
      cold.push(await load(context));
      // The same profile again: the page's files come from the cache.
      for (let again = 0; again < WARM_RUNS / COLD_RUNS; again += 1) {
        warm.push(await load(context));
        tabs.push(await tab(context));
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }

  // Baseline: the overview's GraphQL operation alone, as the page sends it.
  const baseline = [];
  for (let run = 0; run < BASELINE_RUNS + 5; run += 1) {
    const started = performance.now();
    const response = await fetch(`${dashboard.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: operation,
    });
    const body = await response.json();
    if (body.errors || body.data.districts.length !== 10)
      throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 300)}`);
    if (run >= 5) baseline.push(performance.now() - started);
  }

  const base = median(baseline);
  const coldMs = median(cold.map((run) => run.elapsed));
  const warmMs = median(warm.map((run) => run.elapsed));
  const coldFigures = median(cold.map((run) => run.figures));
  const warmFigures = median(warm.map((run) => run.figures));
  console.log(`\nFirst load of the overview (chair, 10 districts, demo data), localhost, medians`);
  console.log(
    `  ${'Overview operation alone (baseline)'.padEnd(38)} ${ms(base).padStart(12)}   (${BASELINE_RUNS} runs)`,
  );
  console.log(
    `  ${'a new tab opening /health (browser)'.padEnd(38)} ${ms(median(tabs)).padStart(12)}   (${tabs.length} runs)`,
  );
  const row = (label, value) =>
    console.log(`  ${label.padEnd(38)} ${ms(value).padStart(12)}   ×${(value / base).toFixed(1)}`);
  row('cold (new profile): figures shown', coldFigures);
  row('cold: charts drawn too', coldMs);
  row('warm (files cached): figures shown', warmFigures);
  row('warm: charts drawn too', warmMs);
  console.log(
    `  transferred: cold ${kb(median(cold.map((run) => run.bytes)))}, warm ${kb(median(warm.map((run) => run.bytes)))}   (${COLD_RUNS} cold, ${warm.length} warm runs)`,
  );
  printBundle();
} finally {
  await dashboard?.stop();
  await bench.stop();
}

async function waitForDemo(url, token) {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `{ openDissentDecisions { id } allocation(fiscalYear: ${year}) { id } appointments(status: PENDING) { id } }`,
      }),
    });
    const { data } = await response.json();
    if (data?.openDissentDecisions?.length && data.allocation && data.appointments?.length) return;
    if (Date.now() > deadline) throw new Error('the demo data did not arrive within 4 minutes');
    await new Promise((done) => setTimeout(done, 500));
  }
}

function printBundle() {
  const assets = join(STATIC_DIR, 'assets');
  const files = readdirSync(assets).filter((name) => /\.(js|css)$/.test(name));
  const size = (name) => {
    const content = readFileSync(join(assets, name));
    return { raw: statSync(join(assets, name)).size, gzip: gzipSync(content).length };
  };
  const charts = files.filter((name) => name.startsWith('ChartCanvas'));
  const initial = files.filter((name) => !charts.includes(name));
  const total = (names) =>
    names.map(size).reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip }), {
      raw: 0,
      gzip: 0,
    });
  const line = (label, names) => {
    const { raw, gzip } = total(names);
    console.log(`  ${label.padEnd(36)} ${kb(raw).padStart(10)}   gzip ${kb(gzip).padStart(9)}`);
  };
  console.log(`\nBuilt bundle (apps/dashboard/dist/client/assets)`);
  line('page (JS and CSS, loaded first)', initial);
  line('charts (ECharts, loaded after)', charts);
  line('all', files);
}
