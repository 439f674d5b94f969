import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, Kafka } from 'kafkajs';
import { topics, type CloudEvent, type TopicKey } from '@jobcenter/events';
import type { Logger } from '@jobcenter/logger';
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor } from './cursor';

/** The topics subscriptions are fed by. */
export const SUBSCRIBED_TOPICS = [
  'caseloadReported',
  'staffingGapChanged',
  'resolutionAdopted',
  'allocationPublished',
  'expenditureRecorded',
] as const satisfies readonly TopicKey[];
export type SubscribedTopic = (typeof SUBSCRIBED_TOPICS)[number];

/** The subscribed topics by their Kafka name. */
const TOPIC_BY_NAME = new Map<string, SubscribedTopic>(
  SUBSCRIBED_TOPICS.map((key) => [topics[key].name, key]),
);

/** An event as the feed read it: its topic, its validated CloudEvents envelope, and where it lay. */
export interface FeedEvent {
  topic: SubscribedTopic;
  envelope: CloudEvent<Record<string, unknown>>;
  partition: number;
  offset: number;
  /** The next offset of each of the topic's partitions once this event is read. */
  positions: readonly number[];
}

/** An event as one subscriber receives it: with the cursor to resume after it. */
export interface DeliveredEvent extends FeedEvent {
  cursor: string;
  /** Read again from the topic for a subscriber that resumed. */
  replayed: boolean;
}

/**
 * What became of an event for one subscriber: delivered (live or replayed, `replayed` counts
 * the latter again), withheld (the graph refused the subscriber's query), or the subscriber was
 * cut off (counted once per subscriber).
 */
export type EventOutcome = 'delivered' | 'withheld' | 'replayed' | 'cut_off';

/** The end of a subscription the feed decided on (too slow, or the feed stopped). */
export class SubscriptionEnded extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Where a resumed subscription starts: replay from `after`, live events from `floor` on. */
export interface Resumption {
  /** Each partition's live events below this offset were replayed or seen before. */
  floor: number[];
  /** The cursor the client resumed after. */
  after: number[];
}

/**
 * One subscriber's events: a bounded queue between the feed and the subscriber's transport. When
 * `limit` events wait undelivered (the client reads too slowly), the subscriber is cut off: its
 * queue is dropped and it ends with SUBSCRIBER_TOO_SLOW; the feed never waits for a subscriber.
 * A resumed subscription first delivers the events replayed from the topic (the replay waits for
 * the subscriber, never the feed), then the live ones from its floor on.
 */
export class SubscriberQueue implements AsyncIterator<DeliveredEvent> {
  private readonly waiting: FeedEvent[] = [];
  private wake: (() => void) | null = null;
  private ended: SubscriptionEnded | null = null;
  private done = false;
  private replay: {
    events: DeliveredEvent[];
    finished: boolean;
    room: (() => void) | null;
  } | null = null;

  constructor(
    private readonly limit: number,
    readonly topicName: string,
    readonly accepts: (event: FeedEvent) => boolean,
    private readonly onClose: () => void,
    private readonly onCutOff: (reason: SubscriptionEnded) => void,
    private readonly resumption: Resumption | null = null,
  ) {
    if (resumption) this.replay = { events: [], finished: false, room: null };
  }

  get size(): number {
    return this.waiting.length;
  }

  get closed(): boolean {
    return this.done || this.ended !== null;
  }

  /** Called by the feed for every live event; never blocks. */
  offer(event: FeedEvent): void {
    if (this.done || this.ended || !this.accepts(event)) return;
    if (this.resumption && event.offset < (this.resumption.floor[event.partition] ?? 0)) return;
    if (this.waiting.length >= this.limit) {
      this.end(
        new SubscriptionEnded(
          `Subscription ended: ${this.limit} events were waiting for this client, which reads too ` +
            'slowly. Subscribe again with `after` set to the last cursor received.',
          'SUBSCRIBER_TOO_SLOW',
        ),
      );
      this.onCutOff(this.ended!);
      return;
    }
    this.waiting.push(event);
    this.wake?.();
  }

  /**
   * A replayed event (accepted or not: `progress` moves over every event read). Resolves when
   * the subscriber has room for more; false once the subscription is over.
   */
  async replayed(event: FeedEvent, progress: readonly number[]): Promise<boolean> {
    const replay = this.replay;
    if (!replay || this.closed) return false;
    if (!this.accepts(event)) return true;
    replay.events.push({ ...event, cursor: this.cursorAt(progress), replayed: true });
    this.wake?.();
    while (replay.events.length >= this.limit && !this.closed)
      await new Promise<void>((resolve) => (replay.room = resolve));
    return !this.closed;
  }

  /** Every missed event is replayed: live events follow. */
  replayFinished(): void {
    if (!this.replay) return;
    this.replay.finished = true;
    this.wake?.();
  }

  /** Ends the subscription with a reason the subscriber is told. */
  end(reason: SubscriptionEnded): void {
    if (this.done || this.ended) return;
    this.waiting.length = 0;
    this.ended = reason;
    this.onClose();
    this.wake?.();
    this.replay?.room?.();
  }

  async next(): Promise<IteratorResult<DeliveredEvent>> {
    for (;;) {
      if (this.done) return { done: true, value: undefined };
      const replay = this.replay;
      if (replay && !this.ended) {
        const replayed = replay.events.shift();
        if (replayed) {
          replay.room?.();
          return { done: false, value: replayed };
        }
        if (replay.finished) this.replay = null;
      }
      if (!this.replay) {
        const event = this.waiting.shift();
        if (event)
          return {
            done: false,
            value: { ...event, cursor: this.cursorOf(event), replayed: false },
          };
      }
      if (this.ended) {
        this.done = true;
        throw this.ended;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  async return(): Promise<IteratorResult<DeliveredEvent>> {
    if (!this.done) {
      this.done = true;
      this.waiting.length = 0;
      this.onClose();
      this.wake?.();
      this.replay?.room?.();
    }
    return { done: true, value: undefined };
  }

  /** A live event's cursor: the feed's positions, never behind where this subscriber resumed. */
  private cursorOf(event: FeedEvent): string {
    const floor = this.resumption?.floor;
    return this.cursorAt(
      floor ? event.positions.map((offset, i) => Math.max(offset, floor[i] ?? 0)) : event.positions,
    );
  }

  /** A replayed event's cursor: the replay's progress; partitions it does not read stay where resumed. */
  private cursorAt(offsets: readonly number[]): string {
    return encodeCursor({ topic: this.topicName, offsets: [...offsets] });
  }
}

/** How long a replay may take to reach where the feed stood at subscribe time. */
const REPLAY_TIMEOUT_MS = 15_000;

/**
 * Follows the subscribed topics for one gateway process: a consumer group of its own (so every
 * replica gets every event), from the topics' ends when it starts (a subscription starts now),
 * fanning each event out to the subscribers of this process without waiting for any of them.
 * It knows where it stands in each partition, which makes every event's cursor; a subscriber
 * that resumes after a cursor gets the events in between replayed from the topic by a consumer of
 * its own, then the live ones.
 */
export class EventFeed {
  private consumer: Consumer | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private following = false;
  private failures = 0;
  /** Per topic name: the next offset of each partition, once the feed has found its start. */
  private readonly positions = new Map<string, number[]>();
  private readonly subscribers = new Set<SubscriberQueue>();
  private readonly replays = new Set<Consumer>();
  private readonly log: Logger;

  constructor(
    private readonly kafka: Kafka,
    private readonly bufferLimit: number,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'subscription-feed' });
  }

  /** Events by what became of them for one subscriber since start (metrics and `/health`). */
  readonly outcomes: Record<EventOutcome, number> = {
    delivered: 0,
    withheld: 0,
    replayed: 0,
    cut_off: 0,
  };

  stats() {
    return {
      following: this.following,
      subscribers: this.subscribers.size,
      replays: this.replays.size,
      events: { ...this.outcomes },
    };
  }

  count(outcome: EventOutcome): void {
    this.outcomes[outcome] += 1;
  }

  /**
   * A new subscriber's queue for one topic; it leaves the feed when it ends. With `after` (a
   * cursor of this topic), the events since then are replayed first. Throws a GraphQLError when
   * `after` is not a cursor this feed can resume from.
   */
  async subscribe(options: {
    topic: SubscribedTopic;
    accepts: (event: FeedEvent) => boolean;
    onCutOff?: (reason: SubscriptionEnded) => void;
    after?: string | null;
  }): Promise<SubscriberQueue> {
    const topicName = topics[options.topic].name;
    const accepts = (event: FeedEvent) => event.topic === options.topic && options.accepts(event);
    let resumption: Resumption | null = null;
    if (options.after != null) {
      const partitions = topics[options.topic].partitions;
      const after = decodeCursor(options.after, topicName, partitions).offsets;
      const at = this.positions.get(topicName);
      if (!at)
        throw new GraphQLError(
          'The gateway is not following the events yet; subscribe again in a moment',
          { extensions: { code: 'UNAVAILABLE' } },
        );
      if (after.some((offset, i) => offset > at[i]!)) await this.checkWithinTopic(topicName, after);
      resumption = { after, floor: after.map((offset, i) => Math.max(offset, at[i]!)) };
    }
    const queue: SubscriberQueue = new SubscriberQueue(
      this.bufferLimit,
      topicName,
      accepts,
      () => this.subscribers.delete(queue),
      (reason) => {
        this.count('cut_off');
        options.onCutOff?.(reason);
      },
      resumption,
    );
    this.subscribers.add(queue);
    if (resumption) void this.replay(options.topic, resumption, queue);
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
    await Promise.all(
      [consumer, ...this.replays].map((each) => each?.disconnect().catch(() => undefined)),
    );
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
      // Where to read from: the topics' ends the first time, where the feed stood after that.
      const names = [...TOPIC_BY_NAME.keys()];
      const starts = await this.ends(names.filter((name) => !this.positions.has(name)));
      for (const [name, offsets] of starts) this.positions.set(name, offsets);
      await consumer.connect();
      if (this.consumer !== consumer) return void (await consumer.disconnect());
      await consumer.subscribe({ topics: names, fromBeginning: false });
      await consumer.run({
        eachMessage: async ({ topic, partition, message }) =>
          this.fanOut(topic, partition, Number(message.offset), message.value?.toString()),
      });
      for (const [name, offsets] of this.positions)
        offsets.forEach((offset, partition) =>
          consumer.seek({ topic: name, partition, offset: String(offset) }),
        );
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

  /** The end offset of each partition of the named topics. */
  private async ends(names: string[]): Promise<Map<string, number[]>> {
    const ends = new Map<string, number[]>();
    if (names.length === 0) return ends;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const name of names) {
        const offsets = await admin.fetchTopicOffsets(name);
        const byPartition: number[] = [];
        for (const { partition, offset } of offsets) byPartition[partition] = Number(offset);
        ends.set(name, byPartition);
      }
    } finally {
      await admin.disconnect();
    }
    return ends;
  }

  /** A cursor ahead of this feed (another replica read further) must still lie within the topic. */
  private async checkWithinTopic(topicName: string, after: number[]): Promise<void> {
    const end = (await this.ends([topicName])).get(topicName)!;
    if (after.some((offset, i) => offset > (end[i] ?? 0)))
      throw new GraphQLError('after: a cursor beyond the end of the topic', {
        extensions: { code: 'BAD_USER_INPUT', field: 'after' },
      });
  }

  private read(topicName: string, value: string | undefined): FeedEvent['envelope'] | null {
    const topic = TOPIC_BY_NAME.get(topicName);
    if (!topic) return null;
    try {
      const envelope = JSON.parse(value ?? '') as FeedEvent['envelope'];
      envelope.data = topics[topic].schema.parse(envelope.data) as Record<string, unknown>;
      return envelope;
    } catch (error) {
      this.log.warn({ err: error, topic: topicName }, 'unreadable event; not delivered');
      return null;
    }
  }

  private fanOut(
    topicName: string,
    partition: number,
    offset: number,
    value: string | undefined,
  ): void {
    const topic = TOPIC_BY_NAME.get(topicName);
    const positions = this.positions.get(topicName);
    if (!topic || !positions) return;
    // Read again after a reconnect: delivered already.
    if (offset < (positions[partition] ?? 0)) return;
    positions[partition] = offset + 1;
    const envelope = this.read(topicName, value);
    if (!envelope) return;
    const event: FeedEvent = { topic, envelope, partition, offset, positions: [...positions] };
    for (const subscriber of [...this.subscribers]) subscriber.offer(event);
  }

  /**
   * Reads what a resumed subscriber missed, from its cursor up to its floor (where this feed stood
   * when it subscribed), with a consumer group of its own that is removed afterwards.
   */
  private async replay(
    topic: SubscribedTopic,
    { after, floor }: Resumption,
    queue: SubscriberQueue,
  ): Promise<void> {
    const topicName = topics[topic].name;
    const progress = [...after];
    const left = new Set(floor.flatMap((end, p) => (after[p]! < end ? [p] : [])));
    if (left.size === 0) return queue.replayFinished();
    const groupId = `gateway-replay-${randomUUID()}`;
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1000 },
    });
    this.replays.add(consumer);
    let finish: (failure?: unknown) => void = () => undefined;
    const finished = new Promise<unknown>((resolve) => (finish = resolve));
    const timer = setTimeout(
      () => finish(new Error(`not done within ${REPLAY_TIMEOUT_MS / 1000} s`)),
      REPLAY_TIMEOUT_MS,
    );
    consumer.on(consumer.events.CRASH, ({ payload }) => finish(payload.error));
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: topicName, fromBeginning: false });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const offset = Number(message.offset);
          if (!left.has(partition) || offset < progress[partition]!) return;
          if (offset >= floor[partition]!) {
            left.delete(partition);
          } else {
            progress[partition] = offset + 1;
            const envelope = this.read(topicName, message.value?.toString());
            const event: FeedEvent | null = envelope && {
              topic,
              envelope,
              partition,
              offset,
              positions: [...progress],
            };
            if (event && !(await queue.replayed(event, progress))) return finish();
            if (offset + 1 >= floor[partition]!) left.delete(partition);
          }
          if (left.size === 0) finish();
        },
      });
      for (const partition of left)
        consumer.seek({ topic: topicName, partition, offset: String(after[partition]) });
      const failure = await finished;
      if (failure) throw failure;
      queue.replayFinished();
    } catch (error) {
      this.log.warn({ err: error, topic: topicName }, 'replay for a resumed subscription failed');
      queue.end(
        new SubscriptionEnded(
          'The events after your cursor could not be replayed; subscribe again',
          'REPLAY_FAILED',
        ),
      );
    } finally {
      clearTimeout(timer);
      this.replays.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      void this.removeGroup(groupId);
    }
  }

  private async removeGroup(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch (error) {
      this.log.debug({ err: error, groupId }, 'replay group not removed');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
