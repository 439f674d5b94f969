#!/usr/bin/env node
// Benchmark: what tracing costs. The board's dashboard query (bench/queries/dashboard.graphql, all
// four subgraphs) is sent through the gateway with its response cache off (every request computed
// by the subgraphs), in sequence, against the whole system with demo data, three times in one run:
// the baseline without request metrics (REQUEST_METRICS=off) and without tracing; the default
// (request metrics on, tracing off: OTEL_EXPORTER_OTLP_ENDPOINT unset); and tracing on, every
// process exporting its spans over OTLP/HTTP to a receiver this script runs. It prints the CPU per
// request of the gateway and the services (and PostgreSQL), the latency, the spans received, and
// the ratios against the baseline.
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
  const bare = await variant('no request metrics, no tracing', { REQUEST_METRICS: 'off' });
  const off = await variant('metrics, tracing off', {});
  const on = await variant('metrics, tracing on', { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url });
  // Exports are batched (every 5 s); the last batch of the run arrives as the processes stop.
  console.log(
    `dashboard query through the gateway, response cache off, ${requests} sequential requests per variant`,
  );
  for (const result of [bare, off, on])
    console.log(
      `${`${result.name}:`.padEnd(32)} CPU per request ${result.nodeCpuMs.toFixed(1)} ms (gateway ${result.gatewayCpuMs.toFixed(1)} ms, PostgreSQL ${result.postgresCpuMs.toFixed(1)} ms), median ${result.median.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`,
    );
  const ratio = (label, result, base) =>
    console.log(
      `ratio ${label}: CPU ${(result.nodeCpuMs / base.nodeCpuMs).toFixed(2)}x, gateway CPU ${(result.gatewayCpuMs / base.gatewayCpuMs).toFixed(2)}x, median ${(result.median / base.median).toFixed(2)}x, p99 ${(result.p99 / base.p99).toFixed(2)}x`,
    );
  ratio('metrics / baseline', off, bare);
  ratio('tracing on / baseline', on, bare);
  ratio('tracing on / metrics', on, off);
  console.log(
    `spans received: ${otlp.received.exports} OTLP exports, ${(otlp.received.bytes / 1024).toFixed(0)} kB`,
  );
  console.log(JSON.stringify({ bare, off, on, exports: otlp.received.exports }));
} finally {
  await otlp.stop();
}
process.exit(0);
