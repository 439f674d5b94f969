import { openDatabase } from '@jobcenter/db';
import {
  allTopics,
  createKafka,
  ensureTopics,
  Outbox,
  OutboxRelay,
  databaseAndKafkaReadiness,
} from '@jobcenter/events';
import type { Logger } from '@jobcenter/logger';
import {
  environmentSettings,
  startSubgraphServer,
  type RunningSubgraph,
} from '@jobcenter/subgraph-server';
import type { DataSource } from 'typeorm';
import { CaseloadReporting } from './application/caseload-reporting';
import { UnitRegistry } from './application/unit-registry';
import type { DistrictsConfig } from './config';
import type { DistrictsContext } from './context';
import { seedDemoCaseload } from './demo-data';
import { ELEVEN_UNITS } from './domain/units';
import { parseOwnership, type Ownership } from './domain/ownership';
import { entities } from './entities';
import { createLoaders } from './loaders';
import { migrations } from './migrations';
import { createSchema } from './schema';

export const SERVICE_NAME = 'districts';

export interface DistrictsService {
  url: string;
  dataSource: DataSource;
  relay: OutboxRelay;
  reporting: CaseloadReporting;
  registry: UnitRegistry;
  ownership: Ownership;
  stop: () => Promise<void>;
}

/**
 * Starts the districts subgraph: migrates its database, registers the eleven units on first start,
 * starts the outbox relay and serves GraphQL. `stop` undoes it in reverse order.
 */
export async function startDistrictsService(
  config: DistrictsConfig,
  logger: Logger,
): Promise<DistrictsService> {
  const ownership = parseOwnership(config.OWNED_DISTRICTS, config.HOSTS_DEPARTMENT);
  const dataSource = await openDatabase({ url: config.DATABASE_URL, entities, migrations, logger });
  const kafka = createKafka({ clientId: SERVICE_NAME, brokers: config.KAFKA_BROKERS, logger });
  const outbox = new Outbox(`/jobcenter/${SERVICE_NAME}`);
  const relay = new OutboxRelay({
    dataSource,
    kafka,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
  });
  const reporting = new CaseloadReporting(dataSource, outbox, ownership);
  const registry = new UnitRegistry(dataSource, outbox, ownership);
  let server: RunningSubgraph | null = null;
  try {
    // Topics are created when Kafka is there; without it the service still starts and the
    // outbox keeps the events until Kafka is back.
    await ensureTopics(kafka, allTopics).catch((error) =>
      logger.warn(
        { err: error },
        'could not create Kafka topics now; the outbox will wait for Kafka',
      ),
    );
    const added = await registry.registerMissing(
      ELEVEN_UNITS.filter((unit) =>
        unit.kind === 'DEPARTMENT' ? ownership.hostsDepartment : ownership.ownsDistrict(unit.id),
      ),
    );
    if (added.length > 0) logger.info({ added }, 'registered units');
    logger.info(
      { serves: ownership.description, department: ownership.hostsDepartment },
      'instance ownership',
    );
    if (config.SEED_DEMO_DATA) {
      const seeded = await seedDemoCaseload(reporting, new Date(), ownership);
      if (seeded > 0) logger.info({ reports: seeded }, 'seeded demo caseload reports');
    }
    relay.start();
    server = await startSubgraphServer<DistrictsContext>({
      name: SERVICE_NAME,
      port: config.PORT,
      schema: createSchema(dataSource),
      logger,
      ...environmentSettings(config),
      context: (base) => ({
        ...base,
        loaders: createLoaders(dataSource),
        reporting,
        registry,
        ownership,
      }),
      readiness: databaseAndKafkaReadiness(dataSource, kafka),
    });
  } catch (error) {
    await relay.stop();
    await dataSource.destroy();
    throw error;
  }
  const running = server;
  return {
    url: running.url,
    dataSource,
    relay,
    reporting,
    registry,
    ownership,
    stop: async () => {
      if (!dataSource.isInitialized) return;
      await running.stop();
      await relay.stop();
      await dataSource.destroy();
    },
  };
}
