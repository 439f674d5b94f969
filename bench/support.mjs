// What the benchmarks share: a real PostgreSQL and Kafka (started here unless DATABASE_URL /
// KAFKA_BROKERS are set), the built services, and a latency measurement.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startInfrastructure } from './infrastructure.mjs';

const require = createRequire(import.meta.url);
const { startDistrictsService } = require('../services/districts/dist/service.js');
const { loadDistrictsConfig } = require('../services/districts/dist/config.js');
const { seedDemoCaseload } = require('../services/districts/dist/demo-data.js');
const gatewayPackage = require('../gateway/dist/index.js');
const { createLogger } = require('../packages/logger/dist/index.js');
const { mintDevelopmentToken } = require('../packages/auth/dist/index.js');

const logger = createLogger('bench', 'silent');

export async function startBench() {
  const { dir, base, brokers, stops } = await startInfrastructure();
  let databases = 0;
  return {
    token: await mintDevelopmentToken({ subject: 'bench', roles: ['county_staff'] }),
    /** A districts instance with the demo caseload of the districts it owns. */
    async districts(ownedDistricts = 'all') {
      databases += 1;
      const service = await startDistrictsService(
        loadDistrictsConfig({
          PORT: '0',
          DATABASE_URL: `${base}/bench_districts_${process.pid}_${databases}`,
          KAFKA_BROKERS: brokers,
          OWNED_DISTRICTS: ownedDistricts,
          NODE_ENV: 'test',
        }),
        logger,
      );
      stops.push(service.stop);
      await seedDemoCaseload(service.reporting, new Date(), service.ownership);
      return service;
    },
    /**
     * Another service (governance, personnel, budget) with its demo data, on its own database.
     */
    async service(name) {
      databases += 1;
      const title = name[0].toUpperCase() + name.slice(1);
      const { [`start${title}Service`]: start } = require(`../services/${name}/dist/service.js`);
      const { [`load${title}Config`]: load } = require(`../services/${name}/dist/config.js`);
      const service = await start(
        load({
          PORT: '0',
          DATABASE_URL: `${base}/bench_${name}_${process.pid}_${databases}`,
          KAFKA_BROKERS: brokers,
          CONSUMER_GROUP: `bench-${name}-${process.pid}`,
          SEED_DEMO_DATA: 'true',
          NODE_ENV: 'test',
        }),
        logger,
      );
      stops.push(service.stop);
      return service;
    },
    /**
     * A gateway over the districts subgraph at `url`, or over the instances given; `others` adds
     * the URL variables of further subgraphs (SUBGRAPH_<NAME>_URL).
     */
    async gateway(url, instances, others = {}) {
      const path = join(dir, `supergraph-${stops.length}.graphql`);
      writeFileSync(
        path,
        gatewayPackage.composeSupergraph(
          gatewayPackage.subgraphDefinitions({ SUBGRAPH_DISTRICTS_URL: url, ...others }),
        ),
      );
      const gateway = await gatewayPackage.startGateway(
        gatewayPackage.loadGatewayConfig({
          PORT: '0',
          SUPERGRAPH_PATH: path,
          SUBGRAPH_DISTRICTS_URL: url,
          ...others,
          NODE_ENV: 'test',
          ...(instances ? { DISTRICTS_INSTANCES: JSON.stringify(instances) } : {}),
        }),
        logger,
      );
      stops.push(gateway.stop);
      return gateway;
    },
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
  };
}

/** Sends `query` `requests` times in sequence (after a warm-up); median and p99 in ms. */
export async function measure(url, token, query, requests, check) {
  const send = async () => {
    const started = process.hrtime.bigint();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = await response.json();
    if (body.errors || !check(body.data))
      throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 300)}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let i = 0; i < 20; i += 1) await send();
  const times = [];
  for (let i = 0; i < requests; i += 1) times.push(await send());
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { median: at(0.5), p99: at(0.99) };
}

export const ms = (value) => `${value.toFixed(2)} ms`;

/**
 * Measures the baseline, the candidate, then the baseline again (its better run counts, so that
 * both see the same machine state) and prints median, p99 and the ratios candidate/baseline.
 * Each side is `{ label, run }` where `run()` returns `measure(...)`'s result.
 */
export async function compare(title, baseline, candidate, ratioLabel) {
  const first = await baseline.run();
  const measured = await candidate.run();
  const second = await baseline.run();
  const base = {
    median: Math.min(first.median, second.median),
    p99: Math.min(first.p99, second.p99),
  };
  const width = Math.max(baseline.label.length, candidate.label.length) + 1;
  console.log(title);
  for (const [label, result] of [
    [baseline.label, base],
    [candidate.label, measured],
  ]) {
    console.log(`${`${label}:`.padEnd(width)} median ${ms(result.median)}, p99 ${ms(result.p99)}`);
  }
  console.log(
    `ratio ${ratioLabel}: median ${(measured.median / base.median).toFixed(2)}x, p99 ${(measured.p99 / base.p99).toFixed(2)}x`,
  );
}
