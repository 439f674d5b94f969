import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, Kafka } from 'kafkajs';
import { topics, type CloudEvent, type TopicKey } from '@jobcenter/events';
import type { Logger } from '@jobcenter/logger';

/** The topics subscriptions are fed by. */
export const SUBSCRIBED_TOPICS = [
  'caseloadReported',
  'staffingGapChanged',
  'resolutionAdopted',
  'allocationPublished',
  'expenditureRecorded',
] as const satisfies readonly TopicKey[];
export type SubscribedTopic = (typeof SUBSCRIBED_TOPICS)[number];

/** An event as a subscriber receives it: its topic and its validated CloudEvents envelope. */
export interface FeedEvent {
  topic: SubscribedTopic;
  envelope: CloudEvent<Record<string, unknown>>;
}

/** The end of a subscription the feed decided on (too slow, or the feed stopped). */
export class SubscriptionEnded extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * One subscriber's events: a bounded queue between the feed and the subscriber's transport. When
 * `limit` events wait undelivered (the client reads too slowly), the subscriber is cut off: its
 * queue is dropped and it ends with SUBSCRIBER_TOO_SLOW; the feed never waits for a subscriber.
 */
export class SubscriberQueue implements AsyncIterator<FeedEvent> {
  private readonly waiting: FeedEvent[] = [];
  private wake: (() => void) | null = null;
  private ended: SubscriptionEnded | null = null;
  private done = false;

  constructor(
    private readonly limit: number,
    readonly accepts: (event: FeedEvent) => boolean,
    private readonly onClose: () => void,
    private readonly onCutOff: (reason: SubscriptionEnded) => void,
  ) {}

  get size(): number {
    return this.waiting.length;
  }

  /** Called by the feed for every event; never blocks. */
  offer(event: FeedEvent): void {
    if (this.done || this.ended || !this.accepts(event)) return;
    if (this.waiting.length >= this.limit) {
      this.end(
        new SubscriptionEnded(
          `Subscription ended: ${this.limit} events were waiting for this client, which reads too ` +
            'slowly. Subscribe again (events missed meanwhile are not sent).',
          'SUBSCRIBER_TOO_SLOW',
        ),
      );
      this.onCutOff(this.ended!);
      return;
    }
    this.waiting.push(event);
    this.wake?.();
  }

  /** Ends the subscription with a reason the subscriber is told. */
  end(reason: SubscriptionEnded): void {
    if (this.done || this.ended) return;
    this.waiting.length = 0;
    this.ended = reason;
    this.onClose();
    this.wake?.();
  }

  async next(): Promise<IteratorResult<FeedEvent>> {
    for (;;) {
      if (this.done) return { done: true, value: undefined };
      const event = this.waiting.shift();
      if (event) return { done: false, value: event };
      if (this.ended) {
        this.done = true;
        throw this.ended;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  async return(): Promise<IteratorResult<FeedEvent>> {
    if (!this.done) {
      this.done = true;
      this.waiting.length = 0;
      this.onClose();
      this.wake?.();
    }
    return { done: true, value: undefined };
  }
}

/**
 * Follows the subscribed topics for one gateway process: a consumer group of its own (so every
 * replica gets every event), from the newest offsets (a subscription starts now), fanning each
 * event out to the subscribers of this process without waiting for any of them.
 */
export class EventFeed {
  private consumer: Consumer | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private following = false;
  private failures = 0;
  private readonly subscribers = new Set<SubscriberQueue>();
  private readonly log: Logger;

  constructor(
    private readonly kafka: Kafka,
    private readonly bufferLimit: number,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'subscription-feed' });
  }

  stats(): { following: boolean; subscribers: number } {
    return { following: this.following, subscribers: this.subscribers.size };
  }

  /** A new subscriber's queue; it leaves the feed when it ends. */
  subscribe(
    accepts: (event: FeedEvent) => boolean,
    onCutOff: (reason: SubscriptionEnded) => void = () => undefined,
  ): SubscriberQueue {
    const queue: SubscriberQueue = new SubscriberQueue(
      this.bufferLimit,
      accepts,
      () => this.subscribers.delete(queue),
      onCutOff,
    );
    this.subscribers.add(queue);
    return queue;
  }

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.following = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const subscriber of [...this.subscribers])
      subscriber.end(new SubscriptionEnded('The gateway is shutting down', 'SHUTTING_DOWN'));
    await consumer?.disconnect().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `gateway-subscriptions-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
      retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    this.consumer = consumer;
    const { GROUP_JOIN, CRASH, DISCONNECT, STOP } = consumer.events;
    consumer.on(GROUP_JOIN, () => {
      this.failures = 0;
      this.following = true;
      this.log.info('following events for subscriptions');
    });
    for (const event of [CRASH, DISCONNECT, STOP])
      consumer.on(event, () => (this.following = false));
    try {
      await consumer.connect();
      if (this.consumer !== consumer) return void (await consumer.disconnect());
      await consumer.subscribe({
        topics: SUBSCRIBED_TOPICS.map((key) => topics[key].name),
        fromBeginning: false,
      });
      await consumer.run({
        eachMessage: async ({ topic, message }) => this.fanOut(topic, message.value?.toString()),
      });
    } catch (error) {
      this.log[this.failures++ === 0 ? 'warn' : 'debug'](
        { err: error },
        'cannot follow events for subscriptions yet; retrying',
      );
      await consumer.disconnect().catch(() => undefined);
      if (this.consumer === consumer) {
        this.retryTimer = setTimeout(() => {
          if (this.consumer === consumer) void this.connect();
        }, 2000);
        this.retryTimer.unref();
      }
    }
  }

  private fanOut(topicName: string, value: string | undefined): void {
    const topic = SUBSCRIBED_TOPICS.find((key) => topics[key].name === topicName);
    if (!topic) return;
    let envelope: CloudEvent<Record<string, unknown>>;
    try {
      envelope = JSON.parse(value ?? '');
      envelope.data = topics[topic].schema.parse(envelope.data) as Record<string, unknown>;
    } catch (error) {
      this.log.warn({ err: error, topic: topicName }, 'unreadable event; not delivered');
      return;
    }
    for (const subscriber of [...this.subscribers]) subscriber.offer({ topic, envelope });
  }
}
