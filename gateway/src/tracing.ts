import { startTracing } from '@jobcenter/observability';

/**
 * OpenTelemetry for the gateway when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md):
 * imported first by main.ts, so that it is in place before http and undici are loaded.
 */
export const tracing = startTracing('gateway');
