import { openDatabase } from '@jobcenter/db';
import {
  allTopics,
  createKafka,
  ensureTopics,
  IdempotentConsumer,
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
import { Board } from './application/board';
import { Meetings } from './application/meetings';
import { Resolutions } from './application/resolutions';
import { ensureInitialRulesOfProcedure } from './application/rules-of-procedure';
import { Submissions } from './application/submissions';
import { StaffCouncil } from './application/staff-council';
import { TargetAgreements } from './application/target-agreements';
import type { GovernanceConfig } from './config';
import type { GovernanceContext } from './context';
import { seedDemoGovernance } from './demo-data';
import { governanceHandlers } from './events/handlers';
import { createLoaders } from './loaders';
import { migrations } from './migrations';
import { createSchema } from './schema';

import type { GovernanceServices } from './application';

export const SERVICE_NAME = 'governance';

export interface GovernanceService extends GovernanceServices {
  url: string;
  dataSource: DataSource;
  relay: OutboxRelay;
  stop: () => Promise<void>;
}

/**
 * Starts the governance subgraph: migrates, registers the first rules of procedure, consumes the
 * districts' events, starts the outbox relay and serves GraphQL.
 */
export async function startGovernanceService(
  config: GovernanceConfig,
  logger: Logger,
): Promise<GovernanceService> {
  const dataSource = await openDatabase({
    url: config.DATABASE_URL,
    entities: [],
    migrations,
    logger,
  });
  const kafka = createKafka({ clientId: SERVICE_NAME, brokers: config.KAFKA_BROKERS, logger });
  const outbox = new Outbox(`/jobcenter/${SERVICE_NAME}`);
  const relay = new OutboxRelay({
    dataSource,
    kafka,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
  });
  const consumer = new IdempotentConsumer({
    kafka,
    dataSource,
    logger,
    groupId: config.CONSUMER_GROUP,
    handlers: governanceHandlers,
  });
  const services: GovernanceServices = {
    board: new Board(dataSource),
    submissions: new Submissions(dataSource),
    meetings: new Meetings(dataSource),
    resolutions: new Resolutions(dataSource, outbox),
    staffCouncil: new StaffCouncil(dataSource),
    targetAgreements: new TargetAgreements(dataSource),
  };
  let server: RunningSubgraph | null = null;
  let seeding: Promise<void> = Promise.resolve();
  try {
    await ensureInitialRulesOfProcedure(dataSource.manager);
    await ensureTopics(kafka, allTopics).catch((error) =>
      logger.warn(
        { err: error },
        'could not create Kafka topics now; the outbox will wait for Kafka',
      ),
    );
    relay.start();
    await consumer.start();
    if (config.SEED_DEMO_DATA) {
      // The board's composition needs the districts' size groups, which arrive as events.
      seeding = seedDemoGovernance(services, dataSource, logger).catch((error) =>
        logger.error({ err: error }, 'demo data failed'),
      );
    }
    server = await startSubgraphServer<GovernanceContext>({
      name: SERVICE_NAME,
      port: config.PORT,
      schema: createSchema(),
      logger,
      ...environmentSettings(config),
      context: (base) => ({
        ...base,
        ...services,
        dataSource,
        loaders: createLoaders({ ...services, manager: dataSource.manager }),
      }),
      readiness: databaseAndKafkaReadiness(dataSource, kafka),
    });
  } catch (error) {
    await consumer.stop().catch(() => undefined);
    await relay.stop();
    await dataSource.destroy();
    throw error;
  }
  const running = server;
  return {
    url: running.url,
    dataSource,
    relay,
    ...services,
    stop: async () => {
      if (!dataSource.isInitialized) return;
      await running.stop();
      await seeding;
      await consumer.stop();
      await relay.stop();
      await dataSource.destroy();
    },
  };
}
