import type { EntityManager } from 'typeorm';
import { currentTraceContext, inSpan, SpanKind } from '@jobcenter/observability';
import {
  createEnvelope,
  type CloudEvent,
  type PayloadOf,
  type TopicKey,
  topics,
} from '../contracts';

/**
 * Writes events into the outbox inside the caller's transaction, so that the state change and
 * its event commit together or not at all. The relay sends them to Kafka afterwards.
 *
 * While tracing is on, the write is a span of the request (`outbox <topic>`) and each event
 * carries that span's W3C trace context (`traceparent`), so that its consumers continue the trace.
 */
export class Outbox {
  constructor(private readonly source: string) {}

  async publish<K extends TopicKey>(
    manager: EntityManager,
    topicKey: K,
    subject: string,
    data: PayloadOf<K>,
  ): Promise<CloudEvent<PayloadOf<K>>> {
    const [event] = await this.publishMany(manager, topicKey, [{ subject, data }]);
    return event!;
  }

  /** Several events of one topic with one statement, in the order given. */
  async publishMany<K extends TopicKey>(
    manager: EntityManager,
    topicKey: K,
    items: readonly { subject: string; data: PayloadOf<K> }[],
  ): Promise<CloudEvent<PayloadOf<K>>[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.publish must run inside the transaction of the state change');
    }
    if (items.length === 0) return [];
    const topic = topics[topicKey];
    return inSpan(
      `outbox ${topic.name}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic.name,
          'messaging.batch.message_count': items.length,
        },
      },
      async () => {
        const trace = currentTraceContext();
        const events = items.map(({ subject, data }) =>
          createEnvelope({
            source: this.source,
            type: topic.type,
            subject,
            dataschema: `urn:jobcenter:events:${topic.name}`,
            data: topic.schema.parse(data) as PayloadOf<K>,
            trace,
          }),
        );
        await manager.query(
          `INSERT INTO outbox_event (id, topic, message_key, event)
           SELECT id, $1, key, event FROM unnest($2::uuid[], $3::text[], $4::jsonb[]) WITH ORDINALITY
             AS item(id, key, event, position) ORDER BY position`,
          [
            topic.name,
            events.map((event) => event.id),
            events.map((event) => event.subject),
            events.map((event) => JSON.stringify(event)),
          ],
        );
        return events;
      },
    );
  }
}
