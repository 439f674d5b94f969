import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as an OTLP/HTTP exporter sent it (JSON encoding: ids in hex). */
export interface ReceivedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** When the span started, in nanoseconds since the epoch (as the exporter's JSON gives it). */
  startTimeUnixNano: string;
  links: { traceId: string; spanId: string }[];
}

interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, 'service' | 'links'> & { links?: ReceivedSpan['links'] })[];
    }[];
  }[];
}

/**
 * An OTLP/HTTP trace receiver on a free port: what the services' exporters send to
 * `<url>/v1/traces` (JSON, as `@opentelemetry/exporter-trace-otlp-http` sends it) is decoded into
 * `spans`.
 */
export async function otlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url !== '/v1/traces' || !/json/.test(request.headers['content-type'] ?? '')) {
        response.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest;
      for (const resource of body.resourceSpans ?? []) {
        const service =
          resource.resource?.attributes?.find((attribute) => attribute.key === 'service.name')
            ?.value.stringValue ?? '';
        for (const scope of resource.scopeSpans ?? [])
          for (const span of scope.spans ?? [])
            spans.push({
              service,
              name: span.name,
              kind: span.kind,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId || undefined,
              startTimeUnixNano: String(span.startTimeUnixNano),
              links: span.links ?? [],
            });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
