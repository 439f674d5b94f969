#!/usr/bin/env node
// Benchmark: what tracing costs. The board's dashboard query (bench/queries/dashboard.graphql, all
// four subgraphs) is sent through the gateway with its response cache off (every request computed
// by the subgraphs), in sequence, against the whole system with demo data, twice in one run: with
// tracing off (OTEL_EXPORTER_OTLP_ENDPOINT unset: the default) and with tracing on, every process
// exporting its spans over OTLP/HTTP to a receiver this script runs. Metrics are on in both (they
// always are). It prints the CPU per request of the gateway and the services (and PostgreSQL), the
// latency, the spans received, and the ratios on/off.
// Usage: node bench/tracing-overhead.mjs [--requests 300]
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SERVICES, startSystem, token } from './system.mjs';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const requests = Number(values.requests);
const log = (message) => console.error(`[bench] ${message}`);
const DASHBOARD = readFileSync(new URL('./queries/dashboard.graphql', import.meta.url), 'utf8');

/** An OTLP/HTTP receiver: accepts every export and counts what arrived. */
async function receiver() {
  const received = { exports: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    req.on('data', (chunk) => (received.bytes += chunk.length));
    req.on('end', () => {
      received.exports += 1;
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    received,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function variant(name, env) {
  log(`${name}: starting the system`);
  const system = await startSystem({ log, serviceEnv: env });
  try {
    const url = await system.gateway('gateway', 'gateway/dist/main.js', {
      RESPONSE_CACHE: 'off',
      ...env,
    });
    const bearer = await token({ roles: ['county_staff'] });
    const year = new Date().getUTCFullYear();
    const now = new Date();
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const month = `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}`;
    const body = JSON.stringify({ query: DASHBOARD, variables: { fiscalYear: year, month } });
    const send = async () => {
      const started = process.hrtime.bigint();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body,
      });
      const answer = await response.json();
      if (answer.errors || answer.data?.districts?.length !== 10)
        throw new Error(`unexpected answer: ${JSON.stringify(answer).slice(0, 300)}`);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    for (let i = 0; i < 50; i += 1) await send();
    const processes = ['gateway', ...SERVICES];
    const cpuOf = (cpu) => processes.reduce((sum, name) => sum + cpu[name], 0);
    const before = system.cpu();
    const times = [];
    for (let i = 0; i < requests; i += 1) times.push(await send());
    const after = system.cpu();
    times.sort((a, b) => a - b);
    return {
      name,
      nodeCpuMs: ((cpuOf(after) - cpuOf(before)) * 1000) / requests,
      gatewayCpuMs: ((after.gateway - before.gateway) * 1000) / requests,
      postgresCpuMs: (((after.postgres ?? 0) - (before.postgres ?? 0)) * 1000) / requests,
      median: times[Math.floor(times.length / 2)],
      p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))],
    };
  } finally {
    await system.stop();
  }
}

const otlp = await receiver();
try {
  const off = await variant('tracing off', {});
  const on = await variant('tracing on', { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url });
  // Exports are batched (every 5 s); the last batch of the run arrives as the processes stop.
  console.log(
    `dashboard query through the gateway, response cache off, ${requests} sequential requests per variant`,
  );
  for (const result of [off, on])
    console.log(
      `${`${result.name}:`.padEnd(13)} CPU per request ${result.nodeCpuMs.toFixed(1)} ms (gateway ${result.gatewayCpuMs.toFixed(1)} ms, PostgreSQL ${result.postgresCpuMs.toFixed(1)} ms), median ${result.median.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
    );
  console.log(
    `ratio on/off: CPU ${(on.nodeCpuMs / off.nodeCpuMs).toFixed(2)}x, gateway CPU ${(on.gatewayCpuMs / off.gatewayCpuMs).toFixed(2)}x, median ${(on.median / off.median).toFixed(2)}x, p99 ${(on.p99 / off.p99).toFixed(2)}x`,
  );
  console.log(
    `spans received: ${otlp.received.exports} OTLP exports, ${(otlp.received.bytes / 1024).toFixed(0)} kB`,
  );
  console.log(JSON.stringify({ off, on, exports: otlp.received.exports }));
} finally {
  await otlp.stop();
}
process.exit(0);
