import { randomUUID } from 'node:crypto';

/**
 * A CloudEvents 1.0 envelope in structured mode: the whole envelope is the Kafka message value
 * (`content-type: application/cloudevents+json`), the aggregate id is the message key.
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  dataschema: string;
  data: T;
  /**
   * The CloudEvents distributed-tracing extension: the W3C trace context of the write that
   * published the event, while tracing is on.
   */
  traceparent?: string;
  tracestate?: string;
}

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

export function createEnvelope<T>(fields: {
  source: string;
  type: string;
  subject: string;
  dataschema: string;
  data: T;
  id?: string;
  time?: Date;
  trace?: { traceparent?: string; tracestate?: string };
}): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: fields.id ?? randomUUID(),
    source: fields.source,
    type: fields.type,
    time: (fields.time ?? new Date()).toISOString(),
    subject: fields.subject,
    datacontenttype: 'application/json',
    dataschema: fields.dataschema,
    data: fields.data,
    ...fields.trace,
  };
}
