#!/usr/bin/env node
// Benchmark: what the gateway costs. The same query ("all eleven units with their latest caseload
// report") is sent N times straight to the districts subgraph and N times through the gateway, in
// one process, against a real PostgreSQL and Kafka; it prints median and p99 of each and the
// ratios. Usage: npm run bench [-- --requests 300]
import { mkdtempSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { startKafka, startPostgres } from '@jobcenter/local-infra';

const require = createRequire(import.meta.url);
const { startDistrictsService } = require('../services/districts/dist/service.js');
const { loadDistrictsConfig } = require('../services/districts/dist/config.js');
const { seedDemoCaseload } = require('../services/districts/dist/demo-data.js');
const {
  startGateway,
  loadGatewayConfig,
  composeSupergraph,
  subgraphDefinitions,
} = require('../gateway/dist/index.js');
const { createLogger } = require('../packages/logger/dist/index.js');
const { mintDevelopmentToken } = require('../packages/auth/dist/index.js');

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const requests = Number(values.requests);
const QUERY =
  '{ units { id name ... on District { sizeGroup latestCaseloadReport { month eligibleJobseekers subsistenceBenefits } } } }';

const dir = mkdtempSync(join(tmpdir(), 'jobcenter-bench-'));
chmodSync(dir, 0o755);
const stops = [];
try {
  let base = process.env.DATABASE_URL?.replace(/\/[^/]*$/, '');
  if (!base) {
    const pg = await startPostgres({ dir: join(dir, 'pg'), port: 54349, reset: true });
    stops.push(pg.stop);
    base = pg.url;
  }
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    const kafka = await startKafka({ dir: join(dir, 'kafka'), port: 29292, reset: true });
    stops.push(kafka.stop);
    brokers = kafka.brokers.join(',');
  }
  const logger = createLogger('bench', 'silent');
  const districts = await startDistrictsService(
    loadDistrictsConfig({
      PORT: '0',
      DATABASE_URL: `${base}/bench_districts`,
      KAFKA_BROKERS: brokers,
      NODE_ENV: 'production',
    }),
    logger,
  );
  stops.push(districts.stop);
  await seedDemoCaseload(districts.reporting, new Date());
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(
    supergraphPath,
    composeSupergraph(subgraphDefinitions({ SUBGRAPH_DISTRICTS_URL: districts.url })),
  );
  const gateway = await startGateway(
    loadGatewayConfig({
      PORT: '0',
      SUPERGRAPH_PATH: supergraphPath,
      SUBGRAPH_DISTRICTS_URL: districts.url,
      NODE_ENV: 'production',
    }),
    logger,
  );
  stops.push(gateway.stop);
  const token = await mintDevelopmentToken({ subject: 'bench', roles: ['county_staff'] });

  const send = async (url) => {
    const started = process.hrtime.bigint();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = await response.json();
    if (body.errors || body.data.units.length !== 11)
      throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 300)}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const measure = async (url) => {
    for (let i = 0; i < 20; i += 1) await send(url); // warm-up
    const times = [];
    for (let i = 0; i < requests; i += 1) times.push(await send(url));
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    return { median: at(0.5), p99: at(0.99) };
  };

  // Interleave the two, so that both see the same machine state.
  const direct = await measure(districts.url);
  const viaGateway = await measure(gateway.url);
  const direct2 = await measure(districts.url);
  const best = {
    median: Math.min(direct.median, direct2.median),
    p99: Math.min(direct.p99, direct2.p99),
  };
  const f = (ms) => `${ms.toFixed(2)} ms`;
  console.log(
    `query: all eleven units with their latest report, ${requests} sequential requests each`,
  );
  console.log(`direct to subgraph: median ${f(best.median)}, p99 ${f(best.p99)}`);
  console.log(`through gateway:    median ${f(viaGateway.median)}, p99 ${f(viaGateway.p99)}`);
  console.log(
    `ratio gateway/direct: median ${(viaGateway.median / best.median).toFixed(2)}x, p99 ${(viaGateway.p99 / best.p99).toFixed(2)}x`,
  );
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}
process.exit(0);
