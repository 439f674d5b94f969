import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '@jobcenter/logger';
import { inSpan, linksTo, SpanKind, type Metrics } from '@jobcenter/observability';
import type { Counter } from 'prom-client';
import { CLOUDEVENTS_CONTENT_TYPE, createEnvelope, topics } from '../contracts';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  kafka: Kafka;
  logger: Logger;
  /** How often to look for new rows when idle. */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Longest wait between retries while Kafka is unreachable (1 s by default). */
  maxBackoffMs?: number;
  /** Sent rows are deleted after this long. */
  retentionMs?: number;
  /**
   * The service whose outbox this is: when given, the relay sends a heartbeat on
   * `jobcenter.data-changed.v1` about every `heartbeatIntervalMs` while it reaches Kafka and has
   * nothing older pending (caches trust their change notices only while heartbeats come).
   */
  service?: string;
  heartbeatIntervalMs?: number;
  /** Where the relay's metrics go (outbox backlog, publishes, failures); none: not measured. */
  metrics?: Metrics;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event: unknown;
}

/** Any number of service instances may run a relay; this lock lets one of them send at a time. */
const RELAY_LOCK_ID = 7_310_402;

/**
 * Sends outbox rows to Kafka in the order they were written, then marks them sent.
 *
 * Order per key holds because one relay at a time sends (advisory lock) and a failed batch stops
 * the relay (with exponential backoff) instead of letting later rows overtake it. A crash after
 * the send but before the mark, or a retry after a lost acknowledgement, sends rows again:
 * consumers are idempotent by event id.
 */
export class OutboxRelay {
  private producer: Producer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<void> | null = null;
  private failures = 0;
  private lastCleanup = 0;
  private lastHeartbeat = 0;
  private instance: string | null = null;
  private woken = false;
  private listener: PoolClient | null = null;
  private pingSent = 0;
  private pingHeard = 0;
  private listenRetry: NodeJS.Timeout | null = null;
  private readonly log: Logger;
  private readonly published: Counter<'topic'> | undefined;
  private readonly failed: Counter | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.log = options.logger.child({ component: 'outbox-relay' });
    const { metrics } = options;
    if (!metrics) return;
    this.published = metrics.counter({
      name: 'outbox_events_published_total',
      help: 'Outbox rows the relay sent to Kafka, by topic',
      labelNames: ['topic'] as const,
    });
    this.failed = metrics.counter({
      name: 'outbox_publish_failures_total',
      help: 'Batches of outbox rows Kafka did not take (each is retried with backoff)',
    });
    // Read from the table when scraped: the backlog is the database's, whatever relay sends it.
    let backlog: Promise<{ pending: number; age: number } | null> | null = null;
    const readBacklog = () =>
      (backlog ??= this.backlog()
        .catch(() => null)
        .finally(() => setImmediate(() => (backlog = null))));
    metrics.gauge({
      name: 'outbox_events_pending',
      help: 'Outbox rows not yet sent to Kafka',
      async collect() {
        const current = await readBacklog();
        if (current) this.set(current.pending);
      },
    });
    metrics.gauge({
      name: 'outbox_oldest_pending_age_seconds',
      help: 'How long the oldest unsent outbox row has waited (0 when none waits)',
      async collect() {
        const current = await readBacklog();
        if (current) this.set(current.age);
      },
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
    void this.listen();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.listenRetry) clearTimeout(this.listenRetry);
    this.unlisten();
    await this.draining;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }

  /** Rows not yet sent (for /ready details and tests). */
  async pendingCount(): Promise<number> {
    const [row] = await this.options.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE status = 'pending'`,
    );
    return row.n;
  }

  /** How many rows wait, and how many seconds the oldest of them has waited. */
  async backlog(): Promise<{ pending: number; age: number }> {
    const [row] = await this.options.dataSource.query(
      `SELECT count(*)::int AS pending,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age
         FROM outbox_event WHERE status = 'pending'`,
    );
    return { pending: row.pending, age: row.age };
  }

  /** Sends everything pending now; resolves with the number of rows sent. */
  async drain(): Promise<number> {
    return (await this.drainAll()).sent;
  }

  /** `caughtUp`: this relay held the lock and found nothing more pending. */
  private async drainAll(): Promise<{ sent: number; caughtUp: boolean }> {
    let total = 0;
    for (;;) {
      const batch = await this.sendBatch();
      total += batch.sent;
      if (batch.sent < (this.options.batchSize ?? 100))
        return { sent: total, caughtUp: batch.locked };
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.draining = this.tick().finally(() => (this.draining = null));
    }, delayMs);
  }

  /** New rows committed: send them now (or right after the pass that is under way). */
  private wake(payload: string): void {
    if (payload.startsWith('ping:')) {
      if (payload === `ping:${this.pingSent}`) this.pingHeard = this.pingSent;
      return;
    }
    if (this.draining) this.woken = true;
    else if (this.failures === 0) this.schedule(0);
  }

  /**
   * Listens on the channel the outbox trigger notifies, on a connection of its own; when the
   * connection breaks (a database restart), polling goes on and listening resumes later.
   */
  private async listen(): Promise<void> {
    const pool = (this.options.dataSource.driver as unknown as { master?: Pool }).master;
    if (!this.running || !pool) return;
    let client: PoolClient | null = null;
    try {
      client = await pool.connect();
      const connection = client;
      connection.on('notification', (message) => this.wake(message.payload ?? ''));
      connection.on('error', () => {
        if (this.listener === connection) this.unlisten(true);
        this.retryListen();
      });
      await connection.query('LISTEN outbox_event');
      if (!this.running) this.release(connection);
      else this.listener = connection;
    } catch {
      if (client) this.release(client, true);
      this.retryListen();
    }
  }

  private retryListen(): void {
    if (!this.running || this.listenRetry) return;
    this.listenRetry = setTimeout(() => {
      this.listenRetry = null;
      void this.listen();
    }, 2000);
  }

  private unlisten(broken = false): void {
    const client = this.listener;
    this.listener = null;
    if (!client) return;
    if (broken) this.release(client, true);
    else
      void client
        .query('UNLISTEN outbox_event')
        .catch(() => undefined)
        .finally(() => this.release(client));
  }

  private release(client: PoolClient, broken = false): void {
    client.removeAllListeners('notification');
    client.removeAllListeners('error');
    // A connection given back to the pool must not be used again by anyone if it broke.
    client.on('error', () => undefined);
    client.release(broken);
  }

  /**
   * Whether notifications reach the listener: the relay notifies itself with every heartbeat and
   * sends the next heartbeat only once that came back, so that a listener that silently stopped
   * hearing (a half-open connection) ends the heartbeats instead of slowing every notice to the
   * polling interval. Resolves true once the previous ping was heard.
   */
  private async listenerHears(): Promise<boolean> {
    if (!this.listener) return false;
    const heard = this.pingHeard === this.pingSent;
    this.pingSent += 1;
    await this.options.dataSource.query(`SELECT pg_notify('outbox_event', $1)`, [
      `ping:${this.pingSent}`,
    ]);
    if (!heard && this.pingSent - this.pingHeard > 3) {
      // Three pings unheard: listen anew.
      this.unlisten(true);
      this.retryListen();
    }
    return heard;
  }

  private async tick(): Promise<void> {
    try {
      this.woken = false;
      const { caughtUp } = await this.drainAll();
      if (caughtUp) await this.heartbeat();
      if (this.failures > 0)
        this.log.info({ afterFailures: this.failures }, 'outbox relay reaches Kafka again');
      this.failures = 0;
      await this.cleanup();
      this.schedule(this.woken ? 0 : (this.options.pollIntervalMs ?? 200));
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(
        this.options.maxBackoffMs ?? 1000,
        100 * 2 ** Math.min(this.failures, 10),
      );
      // The first failure and every tenth after it are warnings; a stuck outbox must be seen.
      this.log[this.failures % 10 === 1 ? 'warn' : 'debug'](
        { err: error, retryInMs: delay },
        'outbox relay cannot send; will retry',
      );
      await this.producer?.disconnect().catch(() => undefined);
      this.producer = null;
      this.schedule(delay);
    }
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      // One request in flight keeps the order. Not kafkajs's idempotent mode: it retries without
      // end, and this relay must notice an outage to back off; consumers drop duplicates anyway.
      const producer = this.options.kafka.producer({
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 },
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  /**
   * Tells the caches that the relay is alive, reaches Kafka, hears commits at once and had nothing
   * more pending in its last pass (see `service`).
   */
  private async heartbeat(): Promise<void> {
    const { service, heartbeatIntervalMs = 1000 } = this.options;
    // A tick may come a little early: within a tenth of the interval counts as due.
    if (!service || Date.now() - this.lastHeartbeat < heartbeatIntervalMs * 0.9) return;
    this.lastHeartbeat = Date.now();
    if (!(await this.listenerHears())) return;
    if (!this.instance) {
      const [row] = await this.options.dataSource.query('SELECT id FROM event_source');
      this.instance = row.id as string;
    }
    const topic = topics.dataChanged;
    const event = createEnvelope({
      source: `/jobcenter/${service}`,
      type: topic.type,
      subject: service,
      dataschema: `urn:jobcenter:events:${topic.name}`,
      data: topic.schema.parse({ service, kind: 'heartbeat', instance: this.instance }),
    });
    const producer = await this.connectedProducer();
    await producer.send({
      topic: topic.name,
      messages: [
        {
          key: service,
          value: JSON.stringify(event),
          headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
        },
      ],
    });
  }

  private async sendBatch(): Promise<{ sent: number; locked: boolean }> {
    const { dataSource, batchSize = 100 } = this.options;
    const outcome = await dataSource.transaction(async (manager) => {
      const [lock] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        RELAY_LOCK_ID,
      ]);
      if (!lock.locked) return { sent: 0, locked: false };
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, message_key, event FROM outbox_event
          WHERE status = 'pending' ORDER BY seq LIMIT $1 FOR UPDATE`,
        [batchSize],
      );
      if (rows.length === 0) return { sent: 0, locked: true };
      const ids = rows.map((row) => row.id);
      const topicMessages = groupByTopic(rows);
      try {
        const producer = await this.connectedProducer();
        // A span of its own, linked to the writes whose rows it sends (their traces go on in the
        // consumers, from each event's traceparent).
        await inSpan(
          'outbox relay send',
          {
            kind: SpanKind.PRODUCER,
            attributes: {
              'messaging.system': 'kafka',
              'messaging.batch.message_count': rows.length,
            },
            links: linksTo(rows.map((row) => traceFieldsOf(row.event))),
          },
          () => producer.sendBatch({ topicMessages, compression: CompressionTypes.None }),
        );
      } catch (error) {
        this.failed?.inc();
        await manager.query(
          'UPDATE outbox_event SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)',
          [ids, String((error as Error).message ?? error).slice(0, 1000)],
        );
        return { sent: 0, locked: true, error };
      }
      await manager.query(
        `UPDATE outbox_event SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = ANY($1)`,
        [ids],
      );
      for (const { topic, messages } of topicMessages)
        this.published?.inc({ topic }, messages.length);
      this.log.debug({ count: rows.length }, 'outbox rows sent');
      return { sent: rows.length, locked: true };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome;
  }

  private async cleanup(): Promise<void> {
    const retentionMs = this.options.retentionMs ?? 7 * 24 * 3600 * 1000;
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.options.dataSource.query(
      `DELETE FROM outbox_event WHERE status = 'sent' AND sent_at < now() - make_interval(secs => $1)`,
      [retentionMs / 1000],
    );
  }
}

/**
 * One message list per topic (kafkajs keeps one per topic: a second list of the same topic would
 * replace the first), with the rows of each topic in their order. Order across topics does not
 * matter: it holds per key, and a key belongs to one topic.
 */
function groupByTopic(rows: OutboxRow[]) {
  const groups = new Map<
    string,
    { key: string; value: string; headers: Record<string, string> }[]
  >();
  for (const row of rows) {
    const messages = groups.get(row.topic) ?? [];
    messages.push({
      key: row.message_key,
      value: typeof row.event === 'string' ? row.event : JSON.stringify(row.event),
      headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
    });
    groups.set(row.topic, messages);
  }
  return [...groups].map(([topic, messages]) => ({ topic, messages }));
}

/** The `traceparent` and `tracestate` of a stored event (jsonb: an object, or its text). */
function traceFieldsOf(event: unknown): { traceparent?: string; tracestate?: string } {
  const envelope = (typeof event === 'string' ? JSON.parse(event) : event) as {
    traceparent?: string;
    tracestate?: string;
  } | null;
  return { traceparent: envelope?.traceparent, tracestate: envelope?.tracestate };
}
