import type { Admin, Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { Counter } from 'prom-client';
import { contextOf, inSpan, linksTo, SpanKind, type Metrics } from '@jobcenter/observability';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '@jobcenter/logger';
import { topics, type CloudEvent, type PayloadOf, type TopicKey } from '../contracts';

export type EventHandler<K extends TopicKey> = (
  event: CloudEvent<PayloadOf<K>>,
  manager: EntityManager,
) => Promise<void>;

export type EventHandlers = { [K in TopicKey]?: EventHandler<K> };

export interface IdempotentConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  logger: Logger;
  /** Kafka consumer group, and the name under which applied event ids are stored. */
  groupId: string;
  handlers: EventHandlers;
  /** Attempts of a failing handler before its message is set aside as a dead letter. */
  maxAttempts?: number;
  /**
   * How long the broker keeps a silent member's partitions (3 s by default): a killed instance's
   * partitions go to the others, or to its restarted self, that soon.
   */
  sessionTimeoutMs?: number;
  /** Where its metrics go (events applied, dead letters, lag); none: not measured. */
  metrics?: Metrics;
}

/**
 * Applies each event at most once: the handler's effect and the row `(consumer, event id)` in
 * `applied_event` commit in one transaction, so a redelivered event finds its id and changes
 * nothing. A message that cannot be parsed, or whose handler keeps failing, is stored in
 * `dead_letter_event` (nothing is lost, and one bad message does not stop the partition).
 */
/** Heartbeat answers that mean the member must rejoin (a rebalance): kafkajs rejoins when they are thrown. */
const REJOIN = new Set([
  'REBALANCE_IN_PROGRESS',
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'NOT_COORDINATOR_FOR_GROUP',
  'COORDINATOR_NOT_AVAILABLE',
]);

export class IdempotentConsumer {
  private consumer: Consumer | null = null;
  private stopping = false;
  /** Why the consumer ended for good (a crash kafkajs does not restart), for /ready. */
  private failure: string | null = null;
  private readonly log: Logger;
  private readonly applied: Counter<'topic'> | undefined;
  private readonly deadLetters: Counter<'topic'> | undefined;
  private admin: Admin | null = null;

  constructor(private readonly options: IdempotentConsumerOptions) {
    this.log = options.logger.child({ component: 'consumer', groupId: options.groupId });
    const { metrics } = options;
    if (!metrics) return;
    this.applied = metrics.counter({
      name: 'events_applied_total',
      help: 'Events whose handler ran and committed, by topic (redelivered duplicates not counted)',
      labelNames: ['topic'] as const,
    });
    this.deadLetters = metrics.counter({
      name: 'events_dead_lettered_total',
      help: 'Messages set aside in dead_letter_event (unreadable, or the handler kept failing), by topic',
      labelNames: ['topic'] as const,
    });
    const askLag = () => this.lag();
    metrics.gauge({
      name: 'kafka_consumer_lag_messages',
      help: "Messages of a partition not yet committed by this service's consumer group",
      labelNames: ['topic', 'partition'] as const,
      async collect() {
        this.reset();
        for (const { topic, partition, lag } of await askLag().catch(() => []))
          this.set({ topic, partition: String(partition) }, lag);
      },
    });
  }

  private topicNames(): string[] {
    return (Object.keys(this.options.handlers) as TopicKey[]).map((key) => topics[key].name);
  }

  /**
   * Per partition of the topics it consumes: the newest offset less the group's committed one (all
   * the partition holds when the group committed nothing yet). Asks the broker, within 2 s.
   */
  async lag(): Promise<{ topic: string; partition: number; lag: number }[]> {
    if (!this.admin) {
      const admin = this.options.kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      this.admin = admin;
    }
    const admin = this.admin;
    const ask = async () => {
      const committed = await admin.fetchOffsets({
        groupId: this.options.groupId,
        topics: this.topicNames(),
      });
      return Promise.all(
        committed.map(async ({ topic, partitions }) => {
          const ends = await admin.fetchTopicOffsets(topic);
          return partitions.map(({ partition, offset }) => {
            const end = ends.find((candidate) => candidate.partition === partition);
            const high = Number(end?.high ?? 0);
            const from = Number(offset) >= 0 ? Number(offset) : Number(end?.low ?? 0);
            return { topic, partition, lag: Math.max(0, high - from) };
          });
        }),
      );
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Kafka did not answer the lag query')), 2000);
    });
    try {
      return (await Promise.race([ask(), timeout])).flat();
    } finally {
      clearTimeout(timer);
    }
  }

  async start(): Promise<void> {
    const sessionTimeout = this.options.sessionTimeoutMs ?? 3000;
    // kafkajs heartbeats between messages and after each fetch, so a fetch waits at most a third of
    // the session for data; a crash (Kafka unreachable after the retries) restarts the consumer.
    const beat = Math.min(1000, Math.floor(sessionTimeout / 3));
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout,
      heartbeatInterval: beat,
      maxWaitTimeInMs: beat,
    });
    await consumer.connect();
    await this.subscribe(consumer);
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const type = (payload.error as { type?: string }).type;
      const hint =
        type === 'INVALID_SESSION_TIMEOUT'
          ? `: the broker refuses a session of ${sessionTimeout} ms (its group.min.session.timeout.ms is higher); set KAFKA_SESSION_TIMEOUT_MS within the broker's range`
          : '';
      this.log.error(
        { err: payload.error, restart: payload.restart },
        `Kafka consumer crashed${payload.restart ? '; it restarts' : ' and stops'}${hint}`,
      );
      if (!payload.restart) this.failure = `${payload.error.message}${hint}`;
    });
    // Partitions are applied side by side (order holds per partition, so per key): a consumer
    // that is behind catches up several times faster than one partition after another.
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: (payload) => this.handleMessage(payload),
    });
    this.consumer = consumer;
  }

  /**
   * Subscribes to the topics; right after they were created (a new broker, services starting side
   * by side) their partitions may have no leader for a moment, which is waited out (at most 15 s).
   */
  private async subscribe(consumer: Consumer): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await consumer.subscribe({ topics: this.topicNames(), fromBeginning: true });
        return;
      } catch (error) {
        const type = (error as { type?: string }).type;
        const settling =
          type === 'UNKNOWN_TOPIC_OR_PARTITION' ||
          type === 'LEADER_NOT_AVAILABLE' ||
          type === 'NOT_LEADER_FOR_PARTITION';
        if (!settling || attempt >= 50 || this.stopping) throw error;
        this.log.debug({ err: error, attempt }, 'topics not ready yet; subscribing again');
        await new Promise((done) => setTimeout(done, 300));
      }
    }
  }

  /** Null while the consumer runs (or restarts itself); otherwise why it ended for good. */
  get stoppedBy(): string | null {
    return this.failure;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = null;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }

  /** Applies one message; exposed so that tests can deliver the same message twice. */
  async handleMessage({
    topic,
    partition,
    message,
    heartbeat,
  }: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'> &
    Partial<Pick<EachMessagePayload, 'heartbeat'>>): Promise<void> {
    const value = message.value?.toString('utf8') ?? '';
    const key = (Object.keys(topics) as TopicKey[]).find(
      (candidate) => topics[candidate].name === topic,
    );
    const handler = key
      ? (this.options.handlers[key] as EventHandler<TopicKey> | undefined)
      : undefined;
    const setAside = (error: unknown) =>
      this.deadLetter(topic, partition, message.offset, message.key?.toString(), value, error);
    let event: CloudEvent<PayloadOf<TopicKey>>;
    try {
      if (!key || !handler) throw new Error(`no handler for topic ${topic}`);
      const parsed = JSON.parse(value) as CloudEvent<unknown>;
      if (typeof parsed.id !== 'string' || parsed.specversion !== '1.0')
        throw new Error('not a CloudEvents 1.0 envelope');
      event = { ...parsed, data: topics[key].schema.parse(parsed.data) } as CloudEvent<
        PayloadOf<TopicKey>
      >;
    } catch (error) {
      await setAside(error);
      return;
    }

    // The handler continues the trace of the write that published the event (its traceparent).
    const origin = { traceparent: event.traceparent, tracestate: event.tracestate };
    await inSpan(
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextOf(origin),
        links: linksTo([origin]),
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.consumer.group.name': this.options.groupId,
          'messaging.message.id': event.id,
        },
      },
      () => this.applyWithRetries(topic, event, handler!, setAside, heartbeat),
    );
  }

  private async applyWithRetries(
    topic: string,
    event: CloudEvent<PayloadOf<TopicKey>>,
    handler: EventHandler<TopicKey>,
    setAside: (error: unknown) => Promise<void>,
    heartbeat: (() => Promise<void>) | undefined,
  ): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.apply(topic, event, handler);
        return;
      } catch (error) {
        // A database that is briefly away is waited for: setting the event aside would apply later
        // events of the same key without it. Other failures get `maxAttempts` tries.
        const transient = isTransient(error);
        if (this.stopping) throw error;
        if (!transient && attempt >= maxAttempts) {
          await setAside(error);
          return;
        }
        this.log[attempt % 10 === 1 ? 'warn' : 'debug'](
          { err: error, eventId: event.id, attempt, transient },
          'event handler failed; retrying',
        );
        await new Promise((done) =>
          setTimeout(done, Math.min(transient ? 2000 : 30_000, 100 * 2 ** Math.min(attempt, 9))),
        );
        // Still here: the broker must not hand the partition to another member meanwhile. When it
        // is rebalancing, the member must leave this loop and rejoin (redelivery is idempotent).
        await heartbeat?.().catch((beatError: { type?: string }) => {
          if (beatError?.type && REJOIN.has(beatError.type)) throw beatError;
        });
      }
    }
  }

  private async apply(
    topic: string,
    event: CloudEvent<PayloadOf<TopicKey>>,
    handler: EventHandler<TopicKey>,
  ): Promise<void> {
    const applied = await this.options.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO applied_event (consumer, event_id, topic) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.options.groupId, event.id, topic],
      );
      if (inserted.length === 0) {
        this.log.debug({ eventId: event.id }, 'event already applied; skipped');
        return false;
      }
      await handler(event, manager);
      return true;
    });
    if (applied) this.applied?.inc({ topic });
  }

  private async deadLetter(
    topic: string,
    partition: number,
    offset: string,
    key: string | undefined,
    value: string,
    error: unknown,
  ): Promise<void> {
    this.log.error({ err: error, topic, partition, offset }, 'message set aside as dead letter');
    this.deadLetters?.inc({ topic });
    await this.options.dataSource.query(
      `INSERT INTO dead_letter_event (consumer, topic, partition, "offset", message_key, value, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        this.options.groupId,
        topic,
        partition,
        offset,
        key ?? null,
        value,
        String((error as Error)?.message ?? error),
      ],
    );
  }
}

/** Connection loss, serialization failures, deadlocks, a restarting server: worth waiting for. */
function isTransient(error: unknown): boolean {
  const candidate = error as {
    code?: string;
    driverError?: { code?: string };
    message?: string;
  } | null;
  const code = candidate?.driverError?.code ?? candidate?.code ?? '';
  return (
    /^(08|57P|53)/.test(code) ||
    code === '40001' ||
    code === '40P01' ||
    /ECONNREFUSED|ECONNRESET|Connection terminated|connection is not yet established/i.test(
      candidate?.message ?? '',
    )
  );
}
