import type { EntityManager } from 'typeorm';
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
 */
export class Outbox {
  constructor(private readonly source: string) {}

  async publish<K extends TopicKey>(
    manager: EntityManager,
    topicKey: K,
    subject: string,
    data: PayloadOf<K>,
  ): Promise<CloudEvent<PayloadOf<K>>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.publish must run inside the transaction of the state change');
    }
    const topic = topics[topicKey];
    const payload = topic.schema.parse(data) as PayloadOf<K>;
    const event = createEnvelope({
      source: this.source,
      type: topic.type,
      subject,
      dataschema: `urn:jobcenter:events:${topic.name}`,
      data: payload,
    });
    await manager.query(
      'INSERT INTO outbox_event (id, topic, message_key, event) VALUES ($1, $2, $3, $4)',
      [event.id, topic.name, subject, JSON.stringify(event)],
    );
    return event;
  }
}
