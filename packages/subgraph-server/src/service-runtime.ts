import { openDatabase } from '@jobcenter/db';
import {
  allTopics,
  announceChanges,
  CONSUMER_RETRY,
  createKafka,
  databaseAndKafkaReadiness,
  ensureTopics,
  IdempotentConsumer,
  Outbox,
  OutboxRelay,
  type EventHandlers,
} from '@jobcenter/events';
import type { Logger } from '@jobcenter/logger';
import { Metrics, poolMetrics, type PoolLike } from '@jobcenter/observability';
import type { GraphQLSchema } from 'graphql';
import type { Kafka } from 'kafkajs';
import type { DataSource, MigrationInterface } from 'typeorm';
import type { TokenVerifier } from '@jobcenter/auth';
import {
  environmentSettings,
  startSubgraphServer,
  type BaseContext,
  type SubgraphServerOptions,
} from './server';

/** The settings every service with a database, an outbox and a GraphQL endpoint reads. */
type TokenSettings = Parameters<typeof environmentSettings>[0];

export interface ServiceRuntimeConfig extends TokenSettings {
  PORT: number;
  HOST?: string;
  DATABASE_URL: string;
  /** `off`: GraphQL requests are not measured (see `commonEnv`). */
  REQUEST_METRICS?: string;
  KAFKA_BROKERS: string[];
  OUTBOX_POLL_INTERVAL_MS: number;
  /** Kafka consumer group; only read when the service consumes events. */
  CONSUMER_GROUP?: string;
  /** The consumer's session timeout (see `commonEnv`). */
  KAFKA_SESSION_TIMEOUT_MS?: number;
}

/** What a service builds once the database and Kafka client exist. */
export interface ServiceWiring {
  dataSource: DataSource;
  kafka: Kafka;
  outbox: Outbox;
  logger: Logger;
  /** Aborted when the service begins to stop: long waits (demo data) end early. */
  signal: AbortSignal;
}

export interface SubgraphServiceOptions<TServices, TContext extends BaseContext> {
  name: string;
  config: ServiceRuntimeConfig;
  logger: Logger;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  migrations: (new () => MigrationInterface)[];
  /**
   * Handlers of the events the service consumes (or a function building them from the use
   * cases); none means no consumer is started.
   */
  handlers?: EventHandlers | ((services: TServices, wiring: ServiceWiring) => EventHandlers);
  /** Builds the service's use cases (application layer). */
  build: (wiring: ServiceWiring) => TServices;
  /** Runs after migrations and before serving, e.g. registering reference data. */
  prepare?: (services: TServices, wiring: ServiceWiring) => Promise<void>;
  /**
   * Demo data, run in the background once the consumer runs (it may wait for other services'
   * events); a failure is logged, not fatal.
   */
  seed?: (services: TServices, wiring: ServiceWiring) => Promise<void>;
  schema: (wiring: ServiceWiring) => GraphQLSchema;
  /** Plain HTTP routes beside `/graphql` (see `SubgraphServerOptions.routes`). */
  routes?: (
    app: Parameters<NonNullable<SubgraphServerOptions<TContext>['routes']>>[0],
    tools: { verifyToken: TokenVerifier },
    services: TServices,
    wiring: ServiceWiring,
  ) => void;
  /** The per-request context: the base context plus the service's parts. */
  context: (base: BaseContext, services: TServices, wiring: ServiceWiring) => TContext;
}

export interface RunningService<TServices> {
  url: string;
  dataSource: DataSource;
  relay: OutboxRelay;
  services: TServices;
  /** Its Prometheus metrics, served on `/metrics` beside `/graphql`. */
  metrics: Metrics;
  /** Stops serving, waits for demo data, stops consuming and relaying, closes the database. */
  stop: () => Promise<void>;
}

/**
 * The life of a subgraph service, the same for all: open (and migrate) its database, create the
 * Kafka topics when Kafka is there (else the outbox waits), start the outbox relay and the
 * idempotent consumer, serve GraphQL with /health and /ready; `stop` undoes it in reverse order.
 */
export async function runSubgraphService<TServices, TContext extends BaseContext>(
  options: SubgraphServiceOptions<TServices, TContext>,
): Promise<RunningService<TServices>> {
  const { config, logger, name } = options;
  const phases = startupPhases();
  const dataSource = await openDatabase({
    url: config.DATABASE_URL,
    entities: options.entities ?? [],
    migrations: options.migrations,
    logger,
  });
  await announceChanges(dataSource, name).catch(async (error) => {
    await dataSource.destroy();
    throw error;
  });
  phases.mark('database');
  const kafka = createKafka({ clientId: name, brokers: config.KAFKA_BROKERS, logger });
  const outbox = new Outbox(`/jobcenter/${name}`);
  const stopping = new AbortController();
  const metrics = new Metrics();
  poolMetrics(metrics, () => (dataSource.driver as unknown as { master?: PoolLike }).master);
  const wiring: ServiceWiring = { dataSource, kafka, outbox, logger, signal: stopping.signal };
  const relay = new OutboxRelay({
    dataSource,
    kafka,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    service: name,
    metrics,
  });
  let consumer: IdempotentConsumer | null = null;
  let seeding: Promise<void> = Promise.resolve();
  try {
    const services = options.build(wiring);
    const handlers =
      typeof options.handlers === 'function'
        ? options.handlers(services, wiring)
        : options.handlers;
    consumer = handlers
      ? new IdempotentConsumer({
          // A client of its own, whose retries outlast a short outage of the broker (CONSUMER_RETRY).
          kafka: createKafka({
            clientId: name,
            brokers: config.KAFKA_BROKERS,
            logger,
            retry: CONSUMER_RETRY,
          }),
          dataSource,
          logger,
          groupId: config.CONSUMER_GROUP ?? name,
          sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
          handlers,
          metrics,
        })
      : null;
    await ensureTopics(kafka, allTopics).catch((error) =>
      logger.warn(
        { err: error },
        'could not create Kafka topics now; the outbox will wait for Kafka',
      ),
    );
    phases.mark('topics');
    await options.prepare?.(services, wiring);
    phases.mark('prepare');
    relay.start();
    await consumer?.start();
    phases.mark('consumer');
    if (options.seed) {
      const seed = options.seed;
      seeding = seed(services, wiring)
        // Fresh planner statistics after the bulk load, so that the first reads plan well.
        .then(() => (stopping.signal.aborted ? undefined : dataSource.query('ANALYZE')))
        .catch((error) => logger.error({ err: error }, 'demo data failed'));
    }
    const server = await startSubgraphServer<TContext>({
      name,
      port: config.PORT,
      host: config.HOST,
      schema: options.schema(wiring),
      logger,
      ...environmentSettings(config),
      context: (base) => options.context(base, services, wiring),
      readiness: {
        ...databaseAndKafkaReadiness(dataSource, kafka),
        // A consumer that ended for good (kafkajs does not restart it) applies no more events.
        ...(consumer ? { consumer: async () => consumer!.stoppedBy === null } : {}),
      },
      metrics,
      measureRequests: config.REQUEST_METRICS !== 'off',
      routes: options.routes
        ? (app, tools) => options.routes!(app, tools, services, wiring)
        : undefined,
    });
    phases.mark('server');
    logger.info(phases.summary(), `${name} started in ${phases.total()} ms`);
    return {
      url: server.url,
      dataSource,
      relay,
      services,
      metrics,
      stop: async () => {
        if (!dataSource.isInitialized) return;
        stopping.abort();
        await server.stop();
        await seeding;
        await consumer?.stop();
        await relay.stop();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    stopping.abort();
    await seeding;
    await consumer?.stop().catch(() => undefined);
    await relay.stop();
    await dataSource.destroy();
    throw error;
  }
}

/** What the service's start function returns: its use cases beside the running parts. */
export type ServiceHandle<TServices> = TServices & Omit<RunningService<TServices>, 'services'>;

export function serviceHandle<TServices>(
  running: RunningService<TServices>,
): ServiceHandle<TServices> {
  const { services, ...parts } = running;
  return { ...services, ...parts };
}

/**
 * Polls `probe` every `intervalMs` until it is true (true), or until the time is up or the signal
 * aborts (false): for work that waits on other services' events, such as demo data.
 */
export async function waitUntil(
  probe: () => Promise<boolean>,
  options: { signal: AbortSignal; timeoutMs: number; intervalMs?: number },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (!options.signal.aborted && Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((done) => setTimeout(done, options.intervalMs ?? 500));
  }
  return false;
}

/** How long each step of a service's start took (in the start log line), to see where time goes. */
function startupPhases() {
  const began = performance.now();
  let last = began;
  const took: Record<string, number> = {};
  return {
    mark(phase: string) {
      const now = performance.now();
      took[phase] = Math.round(now - last);
      last = now;
    },
    summary: () => ({
      startupMs: { ...took },
      sinceProcessStartMs: Math.round(process.uptime() * 1000),
    }),
    total: () => Math.round(last - began),
  };
}
