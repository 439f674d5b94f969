import { Kafka, logLevel, type LogEntry, type ITopicConfig, type RetryOptions } from 'kafkajs';
import type { Logger } from '@jobcenter/logger';
import type { DataSource } from 'typeorm';
import type { TopicDefinition } from './contracts';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The retries of a client that consumes (`createKafka({ retry: CONSUMER_RETRY })`): every half
 * second for about 30 s. A consumer whose broker went away keeps trying as the member it was; the
 * broker that comes back within that time still knows the member and its partitions, and the
 * consumer fetches again at once, without a rebalance. (A consumer that gave up rejoins as a new
 * member, and the group waits for the old member's session to run out first.)
 */
export const CONSUMER_RETRY: RetryOptions = {
  initialRetryTime: 100,
  maxRetryTime: 500,
  retries: 60,
};

/**
 * A kafkajs client whose log goes to the service logger. `retry` replaces the retries of its
 * connections and requests (by default from 200 ms, at most 1 s apart, five times).
 */
export function createKafka(options: {
  clientId: string;
  brokers: string[];
  logger: Logger;
  retry?: RetryOptions;
}): Kafka {
  const log = options.logger.child({ component: 'kafka' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3000,
    // Retries start at 200 ms and never wait more than 1 s (kafkajs's default is 30 s): after an
    // outage the clients reach the broker again within about a second of its return
    // (docs/operations.md, "Recovery").
    retry: options.retry ?? { initialRetryTime: 200, maxRetryTime: 1000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        // The relay and consumer report their own failures; kafkajs's connection chatter is debug.
        log[level === logLevel.ERROR ? 'debug' : (levels[level] ?? 'info')](rest, message);
      },
  });
}

/** Creates the topics that are missing, with their partitions and clean-up policy. */
export async function ensureTopics(kafka: Kafka, definitions: TopicDefinition[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = definitions
      .filter((topic) => !existing.has(topic.name))
      .map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: -1,
        configEntries: {
          compact: [{ name: 'cleanup.policy', value: 'compact' }],
          keep: [{ name: 'retention.ms', value: '-1' }],
          transient: [{ name: 'retention.ms', value: String(3_600_000) }],
        }[topic.retention],
      }));
    if (missing.length > 0) {
      await admin
        .createTopics({ topics: missing, waitForLeaders: true })
        .catch((error: { type?: string }) => {
          if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
        });
    }
  } finally {
    await admin.disconnect();
  }
}

/** True when the brokers answer an admin request (used by /ready). */
export async function pingKafka(kafka: Kafka): Promise<boolean> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The checks behind a service's /ready: its database answers and the Kafka brokers do. */
export function databaseAndKafkaReadiness(dataSource: DataSource, kafka: Kafka) {
  return {
    database: async () => (await dataSource.query('SELECT 1 AS ok'))[0].ok === 1,
    kafka: () => pingKafka(kafka),
  };
}
