// The whole system for a benchmark, each part its own process (so that CPU and memory can be read
// per process from /proc): PostgreSQL and Kafka (started here unless DATABASE_URL / KAFKA_BROKERS
// are set), the four services with their demo data, and any number of gateways, on free ports.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, waitFor } from '@jobcenter/local-infra';
import { startInfrastructure } from './infrastructure.mjs';

const require = createRequire(import.meta.url);
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gatewayPackage = require('../gateway/dist/index.js');
const { mintDevelopmentToken, CITY_IDS } = require('../packages/auth/dist/index.js');
export { CITY_IDS };
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export const SERVICES = ['districts', 'governance', 'personnel', 'budget'];

// Every process runs as in production (NODE_ENV=production), which refuses the development key:
// the bench signs its tokens with a key of its own, good for this run only.
const BENCH_JWT_SECRET = `bench-only-${randomBytes(24).toString('hex')}`;
const production = { NODE_ENV: 'production', AUTH_JWT_SECRET: BENCH_JWT_SECRET };

export const token = (claims) =>
  mintDevelopmentToken(
    { subject: claims.subject ?? 'bench', roles: claims.roles, ...claims },
    { jwtSecret: BENCH_JWT_SECRET, issuer: 'jobcenter-dev', audience: 'jobcenter-graph' },
  );

/** CPU seconds a process and its reaped children have used (utime + stime + cutime + cstime). */
function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After ") ": state is field 3 of the full line, so utime (14) is index 11 here.
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    return ticks / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds a process has used, to the nanosecond: the run time of its threads
 * (/proc/<pid>/task/<tid>/schedstat, field 1), where utime and stime move in steps of a clock tick
 * (10 ms). Threads that already ended are not counted (a Node process keeps its threads); falls
 * back to the tick count where the kernel has no schedstat.
 */
export function exactCpuSecondsOf(pid) {
  try {
    let nanoseconds = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        nanoseconds += Number(
          readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0],
        );
      } catch {
        // the thread ended meanwhile
      }
    }
    return nanoseconds > 0 ? nanoseconds / 1e9 : cpuSecondsOf(pid);
  } catch {
    return cpuSecondsOf(pid);
  }
}

function childrenOf(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(stat[1]) === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

function rssMbOf(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Starts PostgreSQL, Kafka and the four services as processes with their demo data; `serviceEnv`
 * adds variables to every service (e.g. OTEL_EXPORTER_OTLP_ENDPOINT).
 */
export async function startSystem({ log = () => {}, serviceEnv = {} } = {}) {
  const { dir, base, brokers, postmasterPid, kafkaPid, stops } = await startInfrastructure({
    postgresFlags: [
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      '-c',
      'max_connections=400',
    ],
  });
  const processes = new Map();
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined);

  async function spawnProcess(name, script, env) {
    const output = createWriteStream(join(dir, `${name}.log`));
    // BENCH_NODE_ARGS: extra flags for every process, e.g. --cpu-prof for profiling.
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, join(root, script)], {
      cwd: root,
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        APOLLO_TELEMETRY_DISABLED: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(output);
    child.stderr.pipe(output);
    let exited = false;
    child.once('exit', (code) => {
      exited = true;
      if (!stopping) log(`${name} exited (${code}); see ${join(dir, `${name}.log`)}`);
    });
    processes.set(name, child.pid);
    stops.push(async () => {
      if (exited) return;
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    });
    return child;
  }
  let stopping = false;

  /**
   * Starts the four services as `<prefix><service>` on free ports and waits until each is ready;
   * resolves to their GraphQL URLs by service.
   */
  async function startServices(prefix, env) {
    const started = {};
    for (const name of SERVICES) {
      const port = await freePort();
      started[name] = `http://127.0.0.1:${port}/graphql`;
      await spawnProcess(`${prefix}${name}`, `services/${name}/dist/main.js`, {
        ...production,
        PORT: String(port),
        DATABASE_URL: `${base}/bench_${name}`,
        KAFKA_BROKERS: brokers,
        ...env,
      });
    }
    for (const name of SERVICES) {
      await waitFor(
        `${prefix}${name} service`,
        async () => (await fetch(started[name].replace('/graphql', '/ready'))).ok,
        { timeoutMs: 180_000 },
      );
    }
    return started;
  }
  const subgraphEnvOf = (started) =>
    Object.fromEntries(
      SERVICES.map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, started[name]]),
    );

  const urls = await startServices('', { SEED_DEMO_DATA: 'true', ...serviceEnv });
  const subgraphEnv = subgraphEnvOf(urls);
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(
    supergraphPath,
    gatewayPackage.composeSupergraph(gatewayPackage.subgraphDefinitions(subgraphEnv)),
  );

  return {
    dir,
    databaseBase: base,
    urls,
    brokers,
    supergraphPath,
    subgraphEnv,
    /** Starts a gateway process (`script` relative to the repository) and waits for /health. */
    async gateway(name, script, env = {}) {
      const port = await freePort();
      await spawnProcess(name, script, {
        ...production,
        PORT: String(port),
        SUPERGRAPH_PATH: supergraphPath,
        KAFKA_BROKERS: brokers,
        ...subgraphEnv,
        ...env,
      });
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitFor(
        `gateway ${name}`,
        async () => (await fetch(url.replace('/graphql', '/health'))).ok,
        { timeoutMs: 60_000 },
      );
      return url;
    },
    /**
     * Starts the four services once more, as `<prefix>-<service>`, over the same databases and
     * Kafka brokers: replicas as production runs them (each service's consumer group shared),
     * without demo data of their own. `env` adds variables to each. Resolves to the
     * SUBGRAPH_*_URL variables that point a gateway at them (`gateway(name, script, thoseVariables)`).
     */
    async replicas(prefix, env = {}) {
      return subgraphEnvOf(await startServices(`${prefix}-`, { SEED_DEMO_DATA: 'false', ...env }));
    },
    /** The process ids of the system's Node processes, by name. */
    pids() {
      return Object.fromEntries(processes);
    },
    /** CPU seconds used so far by every process of the system, by name. */
    cpu() {
      const result = {};
      for (const [name, pid] of processes) result[name] = cpuSecondsOf(pid);
      if (postmasterPid) {
        result.postgres =
          cpuSecondsOf(postmasterPid) +
          childrenOf(postmasterPid).reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
      }
      if (kafkaPid) result.kafka = cpuSecondsOf(kafkaPid);
      return result;
    },
    /** Resident memory in MB of every process, by name. */
    rss() {
      const result = {};
      for (const [name, pid] of processes) result[name] = rssMbOf(pid);
      if (postmasterPid) {
        result.postgres = [postmasterPid, ...childrenOf(postmasterPid)].reduce(
          (sum, pid) => sum + rssMbOf(pid),
          0,
        );
      }
      if (kafkaPid) result.kafka = rssMbOf(kafkaPid);
      return result;
    },
    /** SQL statements run per service database since the last reset (pg_stat_statements). */
    async statements() {
      const { rows } = await admin.query(
        `SELECT d.datname AS database, sum(s.calls)::bigint AS calls
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname LIKE 'bench_%' GROUP BY d.datname`,
      );
      return Object.fromEntries(
        rows.map((row) => [row.database.replace('bench_', ''), Number(row.calls)]),
      );
    },
    /** Prints statements running longer than 200 ms, every half second, until stopped (debugging). */
    monitor() {
      let running = true;
      const loop = (async () => {
        while (running) {
          const { rows } = await admin.query(
            `SELECT datname, state, wait_event_type, wait_event, now() - query_start AS age, left(query, 120) AS query
               FROM pg_stat_activity WHERE datname LIKE 'bench_%' AND state <> 'idle' AND now() - query_start > interval '200 ms'`,
          );
          for (const row of rows) log(`slow: ${JSON.stringify(row)}`);
          await new Promise((done) => setTimeout(done, 500));
        }
      })();
      return {
        stop: async () => {
          running = false;
          await loop;
        },
      };
    },
    async resetStatements() {
      await admin.query('SELECT pg_stat_statements_reset()');
    },
    async stop() {
      stopping = true;
      await admin.end().catch(() => undefined);
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the demo data has arrived through Kafka in every part the dashboard query shows
 * (ten districts, each with its staffing requirement, spending and a caseload report, and the
 * year's allocation) and resolves to the latest reported month. `ask(variables)` sends the
 * dashboard query (bench/queries/dashboard.graphql) and resolves to its answer.
 */
export async function demoDataMonth(ask, { fiscalYear, timeoutMs }) {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const answer = await ask({ fiscalYear, month: '2000-01' });
    const districts = answer.data?.districts ?? [];
    if (
      !answer.errors &&
      districts.length === 10 &&
      answer.data.allocation &&
      districts.every(
        (d) => d.staffingRequirement && d.budgetAllocation?.spent > 0 && d.latestCaseloadReport,
      )
    )
      return districts[0].latestCaseloadReport.month;
    if (Date.now() > deadline)
      throw new Error(`the demo data did not arrive: ${JSON.stringify(answer).slice(0, 300)}`);
    await new Promise((done) => setTimeout(done, 1000));
  }
}
