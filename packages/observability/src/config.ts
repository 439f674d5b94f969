import { commonEnv, loadConfig, z } from '@jobcenter/config';

/** The standard OpenTelemetry variables this repository reads (the SDK reads the others itself). */
export const tracingEnv = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: commonEnv.OTEL_EXPORTER_OTLP_ENDPOINT,
  OTEL_SERVICE_NAME: commonEnv.OTEL_SERVICE_NAME,
});

export const loadTracingConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(tracingEnv, env);
