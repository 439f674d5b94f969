import { z } from 'zod';
import { allTopics, proposalSchemas, SUBMISSION_KINDS, type TopicDefinition } from './contracts';

const RETENTION_TEXT = {
  compact: 'compacted (latest per key)',
  keep: 'kept forever',
  transient: 'kept for an hour',
} as const;

/** JSON Schema (draft 2020-12) of a topic's CloudEvents `data`. */
export function payloadJsonSchema(topic: TopicDefinition): Record<string, unknown> {
  return z.toJSONSchema(topic.schema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

const envelopeFields = [
  ['specversion', '`1.0`'],
  ['id', 'unique event id (UUID); consumers deduplicate by it'],
  ['source', '`/jobcenter/<service>` (the service that published it, e.g. `/jobcenter/districts`)'],
  ['type', 'the event type named per topic below'],
  ['time', 'when the change happened (RFC 3339)'],
  ['subject', 'the aggregate id, equal to the Kafka message key'],
  ['datacontenttype', '`application/json`'],
  ['dataschema', '`urn:jobcenter:events:<topic>`'],
  ['data', 'the payload, as the JSON Schema of its topic describes'],
  [
    'traceparent',
    'optional, the CloudEvents distributed-tracing extension: the W3C trace context of the write that published the event (present while tracing is on, see docs/operations.md)',
  ],
  ['tracestate', 'optional, the W3C `tracestate` that goes with `traceparent`'],
];

const TRACEPARENT_DESCRIPTION =
  'CloudEvents distributed-tracing extension: the W3C trace context (`00-<trace id>-<span id>-<flags>`) of the write that published the event; present while the publishing service traces. A consumer continues the trace from it.';

/** Where the brokers are: `npm start` on a workstation, and `docker compose up`. */
const servers = {
  local: {
    host: '127.0.0.1:19092',
    protocol: 'kafka',
    description: 'The broker of `npm start` (KAFKA_BROKERS), without TLS or authentication.',
  },
  compose: {
    host: 'kafka:9092',
    protocol: 'kafka',
    description: 'The broker of docker-compose.yml, inside its network.',
  },
};

/** docs/events.md, generated from the topic catalogue (`npm run docs:events`). */
export function renderEventsMarkdown(topics: TopicDefinition[] = allTopics): string {
  const lines = [
    '# Events',
    '',
    '<!-- Generated from packages/events/src/contracts/topics.ts by `npm run docs:events`; a test fails when it is out of date. -->',
    '',
    'Every service publishes its changes to Kafka through a transactional outbox. Reporting tools',
    'outside this repository may subscribe to these topics; the machine-readable description is',
    '[asyncapi.json](asyncapi.json) (AsyncAPI 3.0).',
    '',
    '## Envelope',
    '',
    'CloudEvents 1.0 in **structured mode**: the Kafka message value is the whole envelope as JSON,',
    'with the header `content-type: application/cloudevents+json; charset=utf-8`. The message key',
    "is the aggregate's id (for example the district), so the events of one aggregate keep their",
    'order within a partition.',
    '',
    'A traced write puts its W3C trace context into the envelope as the CloudEvents',
    'distributed-tracing extension (`traceparent`, with `tracestate` when there is one); the consumer',
    'continues the trace from it, so that one trace shows the request, its outbox row and every',
    "consumer's handler. Consumers that do not trace ignore the field.",
    '',
    '| field | meaning |',
    '| --- | --- |',
    ...envelopeFields.map(([field, meaning]) => `| \`${field}\` | ${meaning} |`),
    '',
    '## Delivery',
    '',
    '- At least once: after a failure an event can arrive again with the same `id`; skip ids you have',
    '  applied (the services store them in the same transaction as the effect).',
    '- Order holds per key, not across keys.',
    '- Versioning: a compatible change (a new optional field) keeps the topic; a breaking change',
    '  gets a new topic `…v2`, published beside the old one until its consumers have moved.',
    '- No personal data in these topics: they carry aggregates and master data only.',
    '',
    '## Topics',
    '',
    '| topic | key | version | retention |',
    '| --- | --- | --- | --- |',
    ...topics.map(
      (topic) =>
        `| \`${topic.name}\` | ${topic.key} | ${topic.name.split('.').pop()} | ${RETENTION_TEXT[topic.retention]} |`,
    ),
    '',
  ];
  for (const topic of topics) {
    lines.push(
      `### \`${topic.name}\``,
      '',
      topic.description,
      '',
      `- CloudEvents \`type\`: \`${topic.type}\``,
      `- key and \`subject\`: ${topic.key}`,
      `- partitions: ${topic.partitions}`,
      '',
      'Payload (`data`) as JSON Schema:',
      '',
      '```json',
      JSON.stringify(payloadJsonSchema(topic), null, 2),
      '```',
      '',
    );
  }
  if (topics.some((topic) => topic.name === 'governance.resolution-adopted.v1')) {
    lines.push(
      '## Proposals in `governance.resolution-adopted.v1`',
      '',
      'The `proposal` of an adopted resolution has the shape of its `kind`:',
      '',
    );
    for (const kind of SUBMISSION_KINDS) {
      lines.push(
        `### \`${kind}\``,
        '',
        '```json',
        JSON.stringify(
          z.toJSONSchema(proposalSchemas[kind], {
            target: 'draft-2020-12',
            unrepresentable: 'any',
          }),
          null,
          2,
        ),
        '```',
        '',
      );
    }
  }
  return lines.join('\n');
}

/** docs/asyncapi.json: AsyncAPI 3.0 for code generators of reporting teams. */
export function renderAsyncApi(topics: TopicDefinition[] = allTopics): string {
  const id = (topic: TopicDefinition) => topic.name.replace(/[^a-zA-Z0-9]+/g, '_');
  const document = {
    asyncapi: '3.0.0',
    info: {
      title: 'Jobcenter Kreis Recklinghausen events',
      version: '1.0.0',
      description:
        'Events the services of the Jobcenter graph publish to Kafka, as CloudEvents 1.0 in structured mode.',
    },
    defaultContentType: 'application/cloudevents+json',
    servers,
    channels: Object.fromEntries(
      topics.map((topic) => [
        id(topic),
        {
          address: topic.name,
          description: topic.description,
          servers: Object.keys(servers).map((name) => ({ $ref: `#/servers/${name}` })),
          messages: { [id(topic)]: { $ref: `#/components/messages/${id(topic)}` } },
          bindings: {
            kafka: {
              partitions: topic.partitions,
              topicConfiguration: {
                compact: { 'cleanup.policy': ['compact'] },
                keep: { 'cleanup.policy': ['delete'], 'retention.ms': -1 },
                transient: { 'cleanup.policy': ['delete'], 'retention.ms': 3_600_000 },
              }[topic.retention],
            },
          },
        },
      ]),
    ),
    operations: Object.fromEntries(
      topics.map((topic) => [
        `receive_${id(topic)}`,
        { action: 'receive', channel: { $ref: `#/channels/${id(topic)}` } },
      ]),
    ),
    components: {
      messages: Object.fromEntries(
        topics.map((topic) => [
          id(topic),
          {
            name: topic.type,
            contentType: 'application/cloudevents+json',
            correlationId: {
              description: 'The trace the event belongs to (distributed-tracing extension).',
              location: '$message.payload#/traceparent',
            },
            bindings: { kafka: { key: { type: 'string', description: topic.key } } },
            payload: {
              type: 'object',
              required: ['specversion', 'id', 'source', 'type', 'time', 'subject', 'data'],
              properties: {
                specversion: { const: '1.0' },
                id: { type: 'string', format: 'uuid' },
                source: { type: 'string' },
                type: { const: topic.type },
                time: { type: 'string', format: 'date-time' },
                subject: { type: 'string', description: topic.key },
                datacontenttype: { const: 'application/json' },
                dataschema: { const: `urn:jobcenter:events:${topic.name}` },
                data: payloadJsonSchema(topic),
                traceparent: {
                  type: 'string',
                  pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
                  description: TRACEPARENT_DESCRIPTION,
                },
                tracestate: { type: 'string', description: 'W3C tracestate beside traceparent.' },
              },
            },
          },
        ]),
      ),
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
