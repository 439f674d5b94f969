export * from './contracts';
export {
  CONSUMER_RETRY,
  createKafka,
  ensureTopics,
  pingKafka,
  databaseAndKafkaReadiness,
} from './kafka';
export { Outbox } from './outbox/outbox';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/relay';
export { EventTables1764000000000 } from './outbox/migration';
export { ChangeNotices1764900000000, announceChanges } from './outbox/change-notices';
export {
  IdempotentConsumer,
  type EventBatch,
  type EventHandler,
  type EventHandlers,
  type IdempotentConsumerOptions,
} from './consumer/idempotent-consumer';
export { copyCaseload, type CaseloadCopy, type CaseloadFigure } from './consumer/caseload-copy';
export { renderEventsMarkdown, renderAsyncApi, payloadJsonSchema } from './docs';
