import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

/**
 * The tracer of this repository's own spans (outbox, relay, consumers). Without a started SDK
 * (`startTracing`) it is OpenTelemetry's no-op tracer: spans cost a function call and are dropped.
 */
export const tracer = () => trace.getTracer('jobcenter');

/** The W3C trace context of the current span, as the CloudEvents distributed-tracing extension. */
export interface TraceContextFields {
  traceparent?: string;
  tracestate?: string;
}

/** The active span's `traceparent` (and `tracestate`); empty when nothing is traced. */
export function currentTraceContext(active: Context = context.active()): TraceContextFields {
  const carrier: TraceContextFields = {};
  propagation.inject(active, carrier);
  return carrier;
}

/** The context a `traceparent` names, to parent or link spans of work it caused. */
export function contextOf(fields: TraceContextFields): Context {
  if (!fields.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, {
    traceparent: fields.traceparent,
    ...(fields.tracestate ? { tracestate: fields.tracestate } : {}),
  });
}

/** Links to the spans the `traceparent`s name (those that name one). */
export function linksTo(fields: TraceContextFields[]): Link[] {
  const links: Link[] = [];
  for (const item of fields) {
    const spanContext = trace.getSpanContext(contextOf(item));
    if (spanContext) links.push({ context: spanContext });
  }
  return links;
}

/**
 * Runs `work` in a span of its own (ended when it settles, its error recorded), as the active span,
 * under `parent` (the current context by default).
 */
export function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; links?: Link[]; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { parent = context.active(), ...spanOptions } = options;
  return tracer().startActiveSpan(name, spanOptions, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
