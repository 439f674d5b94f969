import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type * as TraceNode from '@opentelemetry/sdk-trace-node';
import type * as TraceBase from '@opentelemetry/sdk-trace-base';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Resources from '@opentelemetry/resources';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as HttpInstrumentation_ from '@opentelemetry/instrumentation-http';
import type * as PgInstrumentation_ from '@opentelemetry/instrumentation-pg';
import type * as UndiciInstrumentation_ from '@opentelemetry/instrumentation-undici';
import { loadTracingConfig } from './config';

export interface Tracing {
  /** Sends the spans still buffered and stops tracing. */
  stop(): Promise<void>;
}

const off: Tracing = { stop: async () => undefined };

/**
 * Starts the OpenTelemetry SDK for Node when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: spans of incoming
 * HTTP requests (W3C trace context taken from `traceparent`), of outgoing ones (the gateway's
 * subgraph calls over undici, carrying `traceparent`), of SQL (pg), of Apollo Gateway's own steps,
 * and of the outbox and consumers, sent over OTLP/HTTP in batches. When the variable is not set,
 * nothing is loaded or started and spans are OpenTelemetry's no-ops.
 *
 * Must run before `pg` and `http` are loaded (the service's `src/tracing.ts`, imported first by its
 * `main.ts`). `spanProcessors` replaces the OTLP export (tests).
 */
export function startTracing(
  service: string,
  options: { env?: Record<string, string | undefined>; spanProcessors?: SpanProcessor[] } = {},
): Tracing {
  const config = loadTracingConfig(options.env);
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT && !options.spanProcessors) return off;
  // Loaded here (the imports above are types only): a process that does not trace loads none of
  // the SDK.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof TraceNode;
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof TraceBase;
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof Instrumentation;
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof HttpInstrumentation_;
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof PgInstrumentation_;
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof UndiciInstrumentation_;
  /* eslint-enable @typescript-eslint/no-require-imports */

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.OTEL_SERVICE_NAME ?? service }),
    spanProcessors: options.spanProcessors ?? [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The global tracer provider, AsyncLocalStorage context and W3C trace-context propagator.
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not requests of the graph.
        ignoreIncomingRequestHook: (request) =>
          /^\/(metrics|health|ready)(\?|$)/.test(request.url ?? ''),
        // The only outgoing HTTP besides undici is the JWKS fetch; it needs no trace of its own.
        requireParentforOutgoingSpans: true,
      }),
      // SQL only as part of a traced request or event, not the relay's polling.
      new PgInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  return {
    stop: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}
