#!/usr/bin/env node
// Benchmark: what request metrics and tracing cost. The board's dashboard query
// (bench/queries/dashboard.graphql, all four subgraphs) goes through the gateway with its response
// cache off (every request computed by the subgraphs), in sequence, to three variants of the
// system:
//   baseline  no request metrics (REQUEST_METRICS=off), no tracing;
//   metrics   request metrics on (the default), tracing off (OTEL_EXPORTER_OTLP_ENDPOINT unset);
//   tracing   request metrics on and tracing on, every process exporting its spans over OTLP/HTTP to
//             a receiver this script runs.
//
// The variants run side by side, not one after another: one PostgreSQL and one Kafka broker, the
// four services started once with the demo data (not measured), and then per variant the four
// services again as replicas over the same databases (as production runs two of each) plus a
// gateway, each with the variant's environment. So every variant answers from the same data and the
// same database. The requests go in alternating rounds (baseline, metrics, tracing; the next round
// starts one variant later, so no variant is always first), and each round reads the CPU time of
// the variant's five processes (their threads' run time from /proc, to the nanosecond) before and
// after its requests. Whatever else loads the machine meanwhile falls on all variants alike, round
// by round; the per-round ratios show how far the figures still move. Switching metrics and tracing
// at runtime in one system was the alternative; it would measure code paths production never runs
// (an SDK loaded but idle), so the variants are separate processes started as production starts
// them.
//
// Idle, each Node process still uses about 20 ms of CPU per second (mostly the Kafka client's
// timers; the outbox relay's polling), the same in every variant; a round's CPU per request is
// therefore the CPU of the variant's processes during its requests less what they use idle for as
// long, their idle rate measured over the whole run while the other variants' requests run (both
// printed, with the uncorrected figure). Spans are exported in batches; so that a round's exports
// fall inside its own measurement, the tracing variant exports at the latest 500 ms after a span
// ends (OTEL_BSP_SCHEDULE_DELAY; the default 5 s only makes the batches larger) and its rounds end
// with a 1 s pause before its CPU is read.
//
// It prints per variant the CPU per request (gateway + services, and PostgreSQL's apart), median
// and p99 latency, the ratios against the baseline (of all rounds together with its 95 % interval,
// by resampling the rounds, and the per-round ratio's min / median / max), the spans received, and
// the load average at start and end (which counts the system's own processes too).
// Usage: node bench/tracing-overhead.mjs [--rounds 45] [--requests 40] [--warmup 100]
//   (--requests: per variant and round). The last line is one JSON object with every figure.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { demoDataMonth, exactCpuSecondsOf, SERVICES, startSystem, token } from './system.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '45' },
    requests: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '100' },
  },
});
const count = (name) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number of at least 1, not "${values[name]}"`);
  return value;
};
const rounds = count('rounds');
const requests = count('requests');
const warmup = count('warmup');
const TAIL_MS = 1000;
const log = (message) => console.error(`[bench] ${message}`);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const DASHBOARD = readFileSync(new URL('./queries/dashboard.graphql', import.meta.url), 'utf8');
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** An OTLP/HTTP (JSON) receiver: accepts every export and counts the spans that arrived. */
async function receiver() {
  const received = { exports: 0, spans: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.exports += 1;
      received.bytes += body.length;
      try {
        for (const resource of JSON.parse(body.toString('utf8')).resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) received.spans += scope.spans?.length ?? 0;
      } catch {
        // not JSON: counted in exports and bytes only
      }
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

/**
 * The 95 % interval of sum(a) / sum(b) over the rounds (a[i], b[i] measured in round i), by
 * resampling whole rounds with replacement (10 000 times; a fixed seed, so the same figures give
 * the same interval).
 */
function bootstrapInterval(a, b) {
  let seed = 20_261_202;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const ratios = [];
  for (let k = 0; k < 10_000; k += 1) {
    let sumA = 0;
    let sumB = 0;
    for (let i = 0; i < a.length; i += 1) {
      const pick = Math.floor(random() * a.length);
      sumA += a[pick];
      sumB += b[pick];
    }
    ratios.push(sumA / sumB);
  }
  ratios.sort((x, y) => x - y);
  return { low: quantile(ratios, 0.025), high: quantile(ratios, 0.975) };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
const median = (numbers) =>
  quantile(
    [...numbers].sort((a, b) => a - b),
    0.5,
  );

const otlp = await receiver();
const loadAtStart = load();
log(`load average at start: ${loadAtStart}`);
const system = await startSystem({ log });
try {
  const variants = [
    { key: 'baseline', label: 'no request metrics, no tracing', env: { REQUEST_METRICS: 'off' } },
    { key: 'metrics', label: 'request metrics, tracing off', env: {} },
    {
      key: 'tracing',
      label: 'request metrics, tracing on',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '500' },
      // Its last spans of a round are exported within 500 ms of the round's last answer.
      tail: TAIL_MS,
    },
  ];
  for (const variant of variants) {
    log(`${variant.key}: starting four services and a gateway`);
    const subgraphs = await system.replicas(variant.key, variant.env);
    variant.url = await system.gateway(`${variant.key}-gateway`, 'gateway/dist/main.js', {
      RESPONSE_CACHE: 'off',
      // A loaded machine (or a profiler) may hold a subgraph past the default 1 s; every answer
      // must be whole for its CPU to count.
      SUBGRAPH_TIMEOUT_MS: '10000',
      ...subgraphs,
      ...variant.env,
    });
    const pids = system.pids();
    variant.pids = {
      gateway: pids[`${variant.key}-gateway`],
      ...Object.fromEntries(SERVICES.map((name) => [name, pids[`${variant.key}-${name}`]])),
    };
    // The process ids name the profiles of BENCH_NODE_ARGS=--cpu-prof (CPU.<date>.<time>.<pid>...).
    log(`${variant.key}: processes ${JSON.stringify(variant.pids)}`);
    variant.cpu = () => {
      const seconds = {};
      for (const [name, pid] of Object.entries(variant.pids))
        seconds[name] = exactCpuSecondsOf(pid);
      return seconds;
    };
  }

  const bearer = await token({ roles: ['county_staff'] });
  const year = new Date().getUTCFullYear();
  const ask = async (url, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      signal: AbortSignal.timeout(30_000),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query: DASHBOARD, variables }),
    });
    return response.json();
  };
  // The demo data arrives through Kafka: wait until every district has all of it.
  const month = await demoDataMonth((variables) => ask(variants[0].url, variables), {
    fiscalYear: year,
    timeoutMs: 300_000,
  });
  const body = JSON.stringify({ query: DASHBOARD, variables: { fiscalYear: year, month } });
  const send = async (variant) => {
    const started = process.hrtime.bigint();
    const response = await fetch(variant.url, {
      method: 'POST',
      signal: AbortSignal.timeout(30_000),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body,
    });
    const answer = await response.json();
    if (answer.errors || answer.data?.districts?.length !== 10)
      throw new Error(`${variant.key}: unexpected answer: ${JSON.stringify(answer).slice(0, 300)}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const total = (seconds) => Object.values(seconds).reduce((sum, value) => sum + value, 0);

  log(`demo data complete (latest month ${month}); warming up, ${warmup} requests per variant`);
  for (let i = 0; i < warmup; i += 1) for (const variant of variants) await send(variant);

  // Wait until the measured processes are idle (consumers done with the demo events): under 40 ms
  // of CPU per second and process (idle, each uses about 20: Kafka client timers, relay polling).
  let quiet = false;
  const processCount = variants.reduce((sum, v) => sum + Object.keys(v.pids).length, 0);
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const before = variants.map((variant) => total(variant.cpu()));
    await sleep(2000);
    const used = variants.reduce((sum, variant, i) => sum + total(variant.cpu()) - before[i], 0);
    if (used < processCount * 0.04 * 2) {
      quiet = true;
      break;
    }
  }
  if (!quiet) log('the measured processes did not fall idle within 2 minutes; measuring anyway');

  log(`measuring: ${rounds} rounds of ${requests} requests per variant; load ${load()}`);
  for (const variant of variants) {
    variant.times = [];
    variant.rounds = [];
    variant.spans = 0;
  }
  const perRequest = (seconds) => (seconds * 1000) / requests;
  // CPU of every variant at each window's start and end: a variant's own windows hold its
  // requests; the other variants' windows show what it uses idle.
  const snapshot = () => ({
    at: process.hrtime.bigint(),
    cpu: variants.map((v) => v.cpu()),
    postgres: system.cpu().postgres ?? 0,
  });
  const windows = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      const spansBefore = otlp.received.spans;
      const start = snapshot();
      for (let i = 0; i < requests; i += 1) variant.times.push(await send(variant));
      if (variant.tail) await sleep(variant.tail);
      windows.push({ round, variant, start, end: snapshot() });
      variant.spans += otlp.received.spans - spansBefore;
    }
  }
  const seconds = (window) => Number(window.end.at - window.start.at) / 1e9;
  for (const [index, variant] of variants.entries()) {
    const used = (window, name) =>
      name
        ? window.end.cpu[index][name] - window.start.cpu[index][name]
        : total(window.end.cpu[index]) - total(window.start.cpu[index]);
    const others = windows.filter((window) => window.variant !== variant);
    const othersSeconds = others.reduce((sum, window) => sum + seconds(window), 0);
    const idleRate = (name) =>
      others.reduce((sum, window) => sum + used(window, name), 0) / othersSeconds;
    variant.idleCpuMsPerSecond = idleRate() * 1000;
    for (const own of windows.filter((window) => window.variant === variant)) {
      const gateway = perRequest(used(own, 'gateway') - idleRate('gateway') * seconds(own));
      const all = perRequest(used(own) - idleRate() * seconds(own));
      variant.rounds.push({
        cpuMs: all,
        gatewayCpuMs: gateway,
        servicesCpuMs: all - gateway,
        rawCpuMs: perRequest(used(own)),
        postgresCpuMs: perRequest(own.end.postgres - own.start.postgres),
      });
    }
  }
  for (let round = 0; round < rounds; round += 1)
    log(
      `round ${round + 1}: CPU per request ${variants.map((v) => `${v.key} ${v.rounds[round].cpuMs.toFixed(1)} ms`).join(', ')}`,
    );
  const loadAtEnd = load();

  const summary = {};
  for (const variant of variants) {
    const mean = (field) =>
      variant.rounds.reduce((sum, round) => sum + round[field], 0) / variant.rounds.length;
    const sorted = [...variant.times].sort((a, b) => a - b);
    summary[variant.key] = {
      label: variant.label,
      cpuMs: mean('cpuMs'),
      gatewayCpuMs: mean('gatewayCpuMs'),
      servicesCpuMs: mean('servicesCpuMs'),
      postgresCpuMs: mean('postgresCpuMs'),
      medianMs: quantile(sorted, 0.5),
      p99Ms: quantile(sorted, 0.99),
      rawCpuMs: mean('rawCpuMs'),
      idleCpuMsPerSecond: variant.idleCpuMsPerSecond,
      spansPerRequest: variant.spans / (rounds * requests),
      rounds: variant.rounds.map((round) => Number(round.cpuMs.toFixed(2))),
    };
  }
  const ratios = {};
  const ratio = (name, of, base) => {
    const a = variants.find((v) => v.key === of);
    const b = variants.find((v) => v.key === base);
    const perRound = a.rounds.map((round, i) => round.cpuMs / b.rounds[i].cpuMs);
    ratios[name] = {
      cpu: summary[of].cpuMs / summary[base].cpuMs,
      cpuInterval: bootstrapInterval(
        a.rounds.map((round) => round.cpuMs),
        b.rounds.map((round) => round.cpuMs),
      ),
      cpuRounds: {
        min: Math.min(...perRound),
        median: median(perRound),
        max: Math.max(...perRound),
      },
      gatewayCpu: summary[of].gatewayCpuMs / summary[base].gatewayCpuMs,
      servicesCpu: summary[of].servicesCpuMs / summary[base].servicesCpuMs,
      median: summary[of].medianMs / summary[base].medianMs,
      p99: summary[of].p99Ms / summary[base].p99Ms,
    };
  };
  ratio('metrics/baseline', 'metrics', 'baseline');
  ratio('tracing/baseline', 'tracing', 'baseline');
  ratio('tracing/metrics', 'tracing', 'metrics');

  const x = (value) => `${value.toFixed(3)}x`;
  console.log(
    `dashboard query through the gateway, response cache off; three variants side by side over one PostgreSQL and Kafka with the demo data; ${rounds} alternating rounds of ${requests} sequential requests per variant (${rounds * requests} each)`,
  );
  console.log(
    `load average (1, 5, 15 min) at start ${loadAtStart}, at end ${loadAtEnd}; ${availableParallelism()} cores`,
  );
  for (const variant of variants) {
    const result = summary[variant.key];
    console.log(
      `${`${variant.key} (${variant.label}):`.padEnd(50)} CPU per request ${result.cpuMs.toFixed(2)} ms (gateway ${result.gatewayCpuMs.toFixed(2)}, services ${result.servicesCpuMs.toFixed(2)}; PostgreSQL ${result.postgresCpuMs.toFixed(2)}), median ${result.medianMs.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms; idle ${result.idleCpuMsPerSecond.toFixed(1)} ms CPU/s, uncorrected ${result.rawCpuMs.toFixed(2)} ms per request`,
    );
  }
  for (const [name, r] of Object.entries(ratios))
    console.log(
      `ratio ${name.padEnd(17)} CPU ${x(r.cpu)} (95 % interval ${x(r.cpuInterval.low)} to ${x(r.cpuInterval.high)}; per round: min ${x(r.cpuRounds.min)}, median ${x(r.cpuRounds.median)}, max ${x(r.cpuRounds.max)}), gateway CPU ${x(r.gatewayCpu)}, services CPU ${x(r.servicesCpu)}, median latency ${x(r.median)}, p99 ${x(r.p99)}`,
    );
  console.log(
    `spans received: ${otlp.received.spans} in ${otlp.received.exports} OTLP exports (${(otlp.received.bytes / 1024).toFixed(0)} kB), ${summary.tracing.spansPerRequest.toFixed(1)} per measured request`,
  );
  console.log(
    JSON.stringify({
      rounds,
      requests,
      cores: availableParallelism(),
      loadAtStart,
      loadAtEnd,
      idleBeforeMeasuring: quiet,
      variants: summary,
      ratios,
    }),
  );
} finally {
  await system.stop();
  await otlp.stop();
}
process.exit(0);
