// Starts what the integration tests need, once per test run: a real PostgreSQL server and a real
// Kafka broker, unless DATABASE_URL / KAFKA_BROKERS point to running ones.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startKafka, startPostgres } from '@jobcenter/local-infra';

export default async function globalSetup() {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'jobcenter-test-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the user postgres and must reach its directory
  globalThis.__jobcenterTestInfra = { dir, stops: [] };
  const tasks = [];
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '';
    process.env.TEST_POSTGRES_URL = url.toString().replace(/\/$/, '');
  } else {
    tasks.push(
      startPostgres({
        dir: join(dir, 'postgres'),
        port: Number(process.env.TEST_POSTGRES_PORT ?? (await freePort())),
        reset: true,
      }).then((pg) => {
        process.env.TEST_POSTGRES_URL = pg.url;
        globalThis.__jobcenterTestInfra.stops.push(pg.stop);
      }),
    );
  }
  if (process.env.KAFKA_BROKERS) {
    process.env.TEST_KAFKA_BROKERS = process.env.KAFKA_BROKERS;
  } else {
    tasks.push(
      startKafka({
        dir: join(dir, 'kafka'),
        port: Number(process.env.TEST_KAFKA_PORT ?? (await freePort())),
        controllerPort: await freePort(),
        reset: true,
      }).then((kafka) => {
        process.env.TEST_KAFKA_BROKERS = kafka.brokers.join(',');
        globalThis.__jobcenterTestInfra.stops.push(kafka.stop);
      }),
    );
  }
  await Promise.all(tasks);
  process.env.TEST_INFRA_DIR = dir;
  console.log(
    `\nTest infrastructure ready in ${Date.now() - started} ms (Postgres ${process.env.TEST_POSTGRES_URL}, Kafka ${process.env.TEST_KAFKA_BROKERS})`,
  );
}
