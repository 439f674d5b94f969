import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createLogger } from '@jobcenter/logger';
import {
  contextOf,
  currentTraceContext,
  inSpan,
  OperationNames,
  startTracing,
} from '@jobcenter/observability';

describe('tracing', () => {
  it('starts nothing without OTEL_EXPORTER_OTLP_ENDPOINT: spans are no-ops and carry no context', async () => {
    const tracing = startTracing('test', { env: {} });
    await inSpan('work', {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(currentTraceContext()).toEqual({});
    });
    await tracing.stop();
  });

  it('with an SDK: the traceparent of a span continues in a span of work it caused, and log lines carry the ids', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing('test', {
      env: {},
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger(
      'test',
      'info',
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    try {
      const carried = await inSpan('write', {}, async () => {
        logger.info('inside');
        return currentTraceContext();
      });
      expect(carried.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      await inSpan('handle', { parent: contextOf(carried) }, async () => undefined);

      const [write, handle] = exporter.getFinishedSpans();
      expect(handle!.spanContext().traceId).toBe(write!.spanContext().traceId);
      expect(handle!.parentSpanContext?.spanId).toBe(write!.spanContext().spanId);
      expect(lines[0]).toMatchObject({
        msg: 'inside',
        trace_id: write!.spanContext().traceId,
        span_id: write!.spanContext().spanId,
      });
      logger.info('outside');
      expect(lines[1]).not.toHaveProperty('trace_id');
      expect(trace.getActiveSpan()).toBeUndefined();
    } finally {
      await tracing.stop();
    }
  });
});

describe('operation names as labels', () => {
  it('keeps at most the given number of names, strips the subgraph suffix and never takes invalid ones', () => {
    const names = new OperationNames(undefined, 2);
    expect(names.label('Dashboard')).toBe('Dashboard');
    expect(names.label('Dashboard__districts__0')).toBe('Dashboard');
    expect(names.label(undefined)).toBe('anonymous');
    expect(names.label('not a name')).toBe('other');
    expect(names.label('Second')).toBe('Second');
    expect(names.label('Third')).toBe('other');
    expect(names.label('Second')).toBe('Second');
  });

  it('with a fixed set (trusted documents) takes only its names', () => {
    const names = new OperationNames(['Board']);
    expect(names.label('Board')).toBe('Board');
    expect(names.label('Anything')).toBe('other');
  });
});
