import type {
  Admin,
  Consumer,
  EachBatchPayload,
  EachMessagePayload,
  Kafka,
  KafkaMessage,
} from 'kafkajs';
import type { Counter } from 'prom-client';
import { contextOf, inSpan, linksTo, SpanKind, type Metrics } from '@jobcenter/observability';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '@jobcenter/logger';
import { topicKeyOf, topics, type CloudEvent, type PayloadOf, type TopicKey } from '../contracts';

/**
 * The events applied in one transaction (those of one poll of a partition, a hundred at most, or
 * a single event): lets a handler leave work that the whole batch needs only once, such as
 * recomputing a projection over everything the batch changed.
 */
export interface EventBatch {
  /**
   * Runs `finish` once in the batch's transaction, after the handlers of all its events (in the
   * order of the first calls, so before the commit and before the events count as applied). The
   * first call with `key` creates the state with `init`; every call returns that state, for the
   * handler to add to.
   */
  beforeCommit<T>(
    key: string,
    init: () => T,
    finish: (state: T, manager: EntityManager) => Promise<void>,
  ): T;
}

export type EventHandler<K extends TopicKey> = (
  event: CloudEvent<PayloadOf<K>>,
  manager: EntityManager,
  batch: EventBatch,
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

/** Heartbeat answers that mean the member must rejoin (a rebalance): kafkajs rejoins when they are thrown. */
const REJOIN = new Set([
  'REBALANCE_IN_PROGRESS',
  'UNKNOWN_MEMBER_ID',
  'ILLEGAL_GENERATION',
  'NOT_COORDINATOR_FOR_GROUP',
  'COORDINATOR_NOT_AVAILABLE',
]);

/** How long `stop` waits for the consumer to leave its group. */
const STOP_WAIT_MS = 5000;

/** The most events applied in one transaction (a poll of a partition brings up to a megabyte). */
const BATCH_LIMIT = 100;

/**
 * Applies each event at most once: the handler's effect and the row `(consumer, event id)` in
 * `applied_event` commit in one transaction, so a redelivered event finds its id and changes
 * nothing. The events of a poll are applied together, a hundred at most to a transaction (see
 * `EventBatch`); when such a transaction fails, its events are applied again one by one, so that
 * one bad event does not hold back the others. A message that cannot be parsed, or whose handler
 * keeps failing, is stored in `dead_letter_event` (nothing is lost, and one bad message does not
 * stop the partition).
 */
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
    const admin = (this.admin ??= this.options.kafka.admin({ retry: { retries: 0 } }));
    const ask = async () => {
      // kafkajs connects once; later calls return at once while connected.
      await admin.connect();
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
    // kafkajs heartbeats between batches and after each fetch, so a fetch waits at most a third of
    // the session for data. While the broker is away the consumer retries as long as its client
    // does (CONSUMER_RETRY) and stays the same member; a crash (Kafka unreachable after all of
    // them) restarts it as a new member, unless it is stopping.
    const beat = Math.min(1000, Math.floor(sessionTimeout / 3));
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout,
      heartbeatInterval: beat,
      maxWaitTimeInMs: beat,
      // Its own steps (joining, fetching) get ten tries at its client's waits, about 4 s in all.
      retry: { retries: 10, restartOnFailure: async () => !this.stopping },
    });
    await consumer.connect();
    await this.subscribe(consumer);
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const type = (payload.error as { type?: string }).type;
      const hint =
        type === 'INVALID_SESSION_TIMEOUT'
          ? `: the broker refuses a session of ${sessionTimeout} ms (its group.min.session.timeout.ms is higher); set KAFKA_SESSION_TIMEOUT_MS within the broker's range`
          : '';
      if (this.stopping) return;
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
      // Offsets are resolved as the batch's transactions commit, never for events not applied.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
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
    const consumer = this.consumer;
    this.consumer = null;
    if (consumer) {
      // Leaving the group needs the broker. While it is away, kafkajs would first wait out the
      // retries of the request under way (about 30 s); the consumer is left after 5 s instead, and
      // the broker hands its partitions on once its session ran out.
      let timer: NodeJS.Timeout | undefined;
      const givenUp = new Promise<true>((done) => {
        timer = setTimeout(() => done(true), STOP_WAIT_MS);
      });
      try {
        if (await Promise.race([consumer.disconnect().then(() => false), givenUp]))
          this.log.warn('Kafka did not answer; stopped without leaving the consumer group');
      } finally {
        clearTimeout(timer);
      }
    }
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }

  /**
   * Applies the messages of a poll, at most `BATCH_LIMIT` to a transaction, resolving the offset of
   * each part once it committed and heartbeating between parts; stops early when the consumer
   * stops or the partition was sought elsewhere (what is left comes again).
   */
  private async handleBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: Pick<
    EachBatchPayload,
    'batch' | 'resolveOffset' | 'heartbeat' | 'isRunning' | 'isStale'
  >): Promise<void> {
    const { topic, partition, messages } = batch;
    for (let from = 0; from < messages.length; from += BATCH_LIMIT) {
      if (!isRunning() || isStale()) return;
      const part = messages.slice(from, from + BATCH_LIMIT);
      await this.applyMessages(topic, partition, part, heartbeat);
      resolveOffset(part[part.length - 1]!.offset);
      await heartbeat();
    }
  }

  /** Applies one message; exposed so that tests can deliver the same message twice. */
  async handleMessage({
    topic,
    partition,
    message,
    heartbeat,
  }: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'> &
    Partial<Pick<EachMessagePayload, 'heartbeat'>>): Promise<void> {
    await this.applyMessages(topic, partition, [message], heartbeat);
  }

  /**
   * Applies messages of one partition, in their order: the readable ones in one transaction (a
   * message that cannot be read is set aside first); when that transaction fails, one by one.
   */
  private async applyMessages(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    heartbeat: (() => Promise<void>) | undefined,
  ): Promise<void> {
    const key = topicKeyOf(topic);
    const handler = key
      ? (this.options.handlers[key] as EventHandler<TopicKey> | undefined)
      : undefined;
    const events: Delivered[] = [];
    for (const message of messages) {
      const value = message.value?.toString('utf8') ?? '';
      const setAside = (error: unknown) =>
        this.deadLetter(topic, partition, message.offset, message.key?.toString(), value, error);
      try {
        if (!key || !handler) throw new Error(`no handler for topic ${topic}`);
        const parsed = JSON.parse(value) as CloudEvent<unknown>;
        if (typeof parsed.id !== 'string' || parsed.specversion !== '1.0')
          throw new Error('not a CloudEvents 1.0 envelope');
        const event = { ...parsed, data: topics[key].schema.parse(parsed.data) } as CloudEvent<
          PayloadOf<TopicKey>
        >;
        events.push({ event, setAside });
      } catch (error) {
        await setAside(error);
      }
    }
    if (events.length === 0) return;
    if (events.length > 1) {
      try {
        await this.apply(topic, events, handler!);
        return;
      } catch (error) {
        if (this.stopping) throw error;
        this.log.debug(
          { err: error, topic, partition, count: events.length },
          'a batch of events failed; applying them one by one',
        );
      }
    }
    for (const delivered of events)
      await this.applyWithRetries(topic, delivered, handler!, heartbeat);
  }

  private async applyWithRetries(
    topic: string,
    { event, setAside }: Delivered,
    handler: EventHandler<TopicKey>,
    heartbeat: (() => Promise<void>) | undefined,
  ): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.apply(topic, [{ event, setAside }], handler);
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

  /**
   * One transaction: the ids of the events not applied before are recorded with one statement,
   * the handler runs for each of them in order (each in a span that continues the trace of the
   * write that published it), then the batch's `beforeCommit` work.
   */
  private async apply(
    topic: string,
    events: Delivered[],
    handler: EventHandler<TopicKey>,
  ): Promise<void> {
    const applied = await this.options.dataSource.transaction(async (manager) => {
      const inserted: { event_id: string }[] = await manager.query(
        `INSERT INTO applied_event (consumer, event_id, topic)
         SELECT $1, id, $3 FROM unnest($2::text[]) AS id
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.options.groupId, events.map(({ event }) => event.id), topic],
      );
      // A relay that sent a row twice may put both copies into one batch: the first one counts.
      const fresh = new Set(inserted.map((row) => row.event_id));
      const finishing = new Map<string, { state: unknown; finish: Finish }>();
      const batch: EventBatch = {
        beforeCommit(key, init, finish) {
          let entry = finishing.get(key);
          if (!entry) {
            entry = { state: init(), finish: finish as Finish };
            finishing.set(key, entry);
          }
          return entry.state as ReturnType<typeof init>;
        },
      };
      let count = 0;
      for (const { event } of events) {
        if (!fresh.delete(event.id)) {
          this.log.debug({ eventId: event.id }, 'event already applied; skipped');
          continue;
        }
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
          () => handler(event, manager, batch),
        );
        count += 1;
      }
      for (const { state, finish } of finishing.values()) await finish(state, manager);
      return count;
    });
    if (applied > 0) this.applied?.inc({ topic }, applied);
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

/** An event read from its message, and how to set that message aside. */
interface Delivered {
  event: CloudEvent<PayloadOf<TopicKey>>;
  setAside: (error: unknown) => Promise<void>;
}

type Finish = (state: unknown, manager: EntityManager) => Promise<void>;

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
