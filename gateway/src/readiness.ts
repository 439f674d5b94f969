import type { RequestHandler } from 'express';
import type { GatewayConfig } from './config';
import { districtRoutingFrom } from './district-instances';
import { SUBGRAPHS } from './subgraphs';

/** How long `/ready` waits for each subgraph's `/health`. */
const PROBE_TIMEOUT_MS = 1000;

export interface SubgraphEndpoint {
  /** The subgraph, or `districts/<instance>` for a city's own districts instance. */
  name: string;
  url: string;
}

/** Every endpoint the gateway sends requests to: the subgraphs, with each districts instance. */
export function subgraphEndpoints(config: GatewayConfig): SubgraphEndpoint[] {
  const routing = districtRoutingFrom(config);
  return SUBGRAPHS.flatMap((subgraph) =>
    subgraph.name === 'districts' && routing
      ? routing.instances.map((instance) => ({
          name: `districts/${instance.name}`,
          url: instance.url,
        }))
      : [{ name: subgraph.name, url: config[subgraph.urlVariable] ?? subgraph.defaultUrl }],
  );
}

/** Why an endpoint cannot be used now, or null when its `/health` answers 2xx in time. */
async function probe(endpoint: SubgraphEndpoint): Promise<string | null> {
  const health = new URL('/health', endpoint.url);
  try {
    const response = await fetch(health, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.ok ? null : `${health} answered HTTP ${response.status}`;
  } catch (error) {
    return (error as Error).name === 'TimeoutError'
      ? `${health} did not answer within ${PROBE_TIMEOUT_MS} ms`
      : `${health} is not reachable`;
  }
}

/**
 * `/ready`: 200 when the supergraph is loaded and every subgraph (and districts instance) answers
 * its `/health`, else 503 with what is missing. `/health` stays the liveness check: a gateway
 * whose subgraphs are down is alive and answers with their parts missing.
 */
export function readinessRoute(
  config: GatewayConfig,
  supergraphLoaded: () => boolean,
): RequestHandler {
  const endpoints = subgraphEndpoints(config);
  return (_req, res) => {
    void Promise.all(endpoints.map(probe)).then((reasons) => {
      const subgraphs = Object.fromEntries(
        endpoints.map((endpoint, index) => [endpoint.name, reasons[index] ?? 'ok']),
      );
      const missing = [
        ...(supergraphLoaded() ? [] : ['supergraph: not loaded yet']),
        ...endpoints.flatMap((endpoint, index) =>
          reasons[index] ? [`${endpoint.name}: ${reasons[index]}`] : [],
        ),
      ];
      res.status(missing.length === 0 ? 200 : 503).json({
        status: missing.length === 0 ? 'ready' : 'not ready',
        service: 'gateway',
        supergraph: supergraphLoaded() ? 'loaded' : 'not loaded',
        subgraphs,
        ...(missing.length > 0 ? { missing } : {}),
      });
    });
  };
}
