// PostgreSQL and Kafka for a benchmark, in a private temporary directory: started here unless
// DATABASE_URL / KAFKA_BROKERS name servers to use.
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startKafka, startPostgres } from '@jobcenter/local-infra';

/**
 * Resolves to `{ dir, base, brokers, postmasterPid, kafkaPid, stops }`: `base` is the database URL
 * without a database name, `stops` what to call (in reverse) to stop what was started.
 */
export async function startInfrastructure({ postgresFlags = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'jobcenter-bench-'));
  chmodSync(dir, 0o755);
  const stops = [];
  let postmasterPid = null;
  let kafkaPid = null;
  let base = process.env.DATABASE_URL?.replace(/\/[^/]*$/, '');
  if (!base) {
    const pgDir = join(dir, 'pg');
    const server = await startPostgres({
      dir: pgDir,
      port: await freePort(),
      reset: true,
      flags: postgresFlags,
    });
    stops.push(server.stop);
    base = server.url;
    postmasterPid = Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  }
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    const kafka = await startKafka({
      dir: join(dir, 'kafka'),
      port: await freePort(),
      controllerPort: await freePort(),
      reset: true,
    });
    stops.push(kafka.stop);
    brokers = kafka.brokers.join(',');
    kafkaPid = kafka.pid;
  }
  return { dir, base, brokers, postmasterPid, kafkaPid, stops };
}
