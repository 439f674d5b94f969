import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, Kafka } from 'kafkajs';
import { topics, type CloudEvent, type DataChangedV1 } from '@jobcenter/events';
import type { Logger } from '@jobcenter/logger';
import type { ResponseCache } from './response-cache';

/**
 * Follows `jobcenter.data-changed.v1` for one gateway replica (a consumer group of its own, from
 * the newest offset: each replica sees every notice; what happened before it started it never
 * cached). Change notices invalidate the service's answers, heartbeats vouch for it; when the
 * consumer loses the broker the cache is dropped and bypassed until it is back.
 */
export class ChangeFeed {
  private consumer: Consumer | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private readonly log: Logger;

  constructor(
    private readonly kafka: Kafka,
    private readonly cache: ResponseCache,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'change-feed' });
  }

  /** Starts following; does not wait for the broker (the cache is bypassed until it is there). */
  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.cache.setFeed(false);
    await consumer?.disconnect().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `gateway-cache-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      allowAutoTopicCreation: false,
      // Heartbeats come every second; a broker gone longer than this is noticed by the session.
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 250,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    this.consumer = consumer;
    const { GROUP_JOIN, REBALANCING, CRASH, DISCONNECT, STOP, REQUEST_TIMEOUT } = consumer.events;
    // Joining (again) starts from trust anew: what arrived before is dropped, heartbeats must come.
    consumer.on(GROUP_JOIN, () => {
      this.failures = 0;
      this.log.info('following change notices; answers are cached');
      this.cache.setFeed(false);
      this.cache.setFeed(true);
    });
    // Until it joins again (kafkajs restarts a crashed consumer), nothing is cached.
    for (const event of [REBALANCING, CRASH, DISCONNECT, STOP]) {
      consumer.on(event, () => {
        if (event === CRASH) this.log.warn('change notices not followed; cache bypassed');
        this.cache.setFeed(false);
      });
    }
    // A request that timed out may have lost notices: start afresh from the next heartbeats.
    consumer.on(REQUEST_TIMEOUT, () => {
      this.cache.setFeed(false);
      this.cache.setFeed(true);
    });
    try {
      await consumer.connect();
      if (this.consumer !== consumer) return void (await consumer.disconnect());
      await consumer.subscribe({ topics: [topics.dataChanged.name], fromBeginning: false });
      await consumer.run({
        eachMessage: async ({ message }) => {
          this.apply(message.value?.toString());
        },
      });
    } catch (error) {
      // The first failure is a warning (a gateway without notices serves nothing cached); the
      // retries that follow are not worth a line each.
      this.log[this.failures++ === 0 ? 'warn' : 'debug'](
        { err: error },
        'cannot follow change notices yet; cache bypassed, retrying',
      );
      this.cache.setFeed(false);
      await consumer.disconnect().catch(() => undefined);
      if (this.consumer === consumer) {
        this.retryTimer = setTimeout(() => void this.retry(consumer), 2000);
        this.retryTimer.unref();
      }
    }
  }

  private async retry(previous: Consumer): Promise<void> {
    if (this.consumer === previous) await this.connect();
  }

  private apply(value: string | undefined): void {
    let event: CloudEvent<DataChangedV1>;
    try {
      event = JSON.parse(value ?? '');
      topics.dataChanged.schema.parse(event.data);
    } catch {
      // Not a notice this gateway understands: it cannot tell what changed, so it trusts nothing.
      this.log.warn('unreadable change notice; cache dropped');
      this.cache.setFeed(false);
      this.cache.setFeed(true);
      return;
    }
    const { service, kind, instance } = event.data;
    if (kind === 'change') this.cache.invalidate(service);
    else this.cache.heartbeat(service, instance ?? event.source, Date.parse(event.time));
  }
}
