import { startTracing } from '@jobcenter/observability';

/**
 * OpenTelemetry for this process when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/operations.md);
 * imported first by main.ts, so that it is in place before pg and http are loaded.
 */
export const tracing = startTracing('districts');
