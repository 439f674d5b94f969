import { Kind, parse } from 'graphql';
import { Metrics, OperationNames } from '@jobcenter/observability';
import { graphqlMetricsPlugin } from '@jobcenter/subgraph-server';
import type { Histogram } from 'prom-client';
import type { ResponseCache } from './response-cache/response-cache';

/** The duration of the gateway's requests to one subgraph (or city instance), by outcome. */
export type SubgraphTimer = Histogram<'subgraph' | 'outcome'>;

/**
 * The gateway's metrics: its GraphQL requests (by operation; with trusted documents only their
 * operation names are labels), its subgraph requests, the response cache's counts (read from the
 * cache when scraped, so that a hit costs nothing more than the count it already keeps) and the
 * default process metrics.
 */
export function gatewayMetrics(cache: ResponseCache | null, trusted: Map<string, string> | null) {
  const metrics = new Metrics();
  const subgraphs: SubgraphTimer = metrics.histogram({
    name: 'gateway_subgraph_request_duration_seconds',
    help: 'Requests of the gateway to a subgraph or city instance, by outcome (ok, error: an answer with errors, unavailable: none in time)',
    labelNames: ['subgraph', 'outcome'] as const,
  });
  if (cache) cacheMetrics(metrics, cache);
  const names = new OperationNames(trusted ? operationNamesOf(trusted.values()) : undefined);
  return { metrics, subgraphs, plugin: graphqlMetricsPlugin<object>(metrics, names) };
}

function cacheMetrics(metrics: Metrics, cache: ResponseCache): void {
  metrics.counter({
    name: 'gateway_response_cache_requests_total',
    help: 'Lookups in the response cache, by kind (response: a whole answer, fetch: a subgraph request) and result (hit, miss)',
    labelNames: ['kind', 'result'] as const,
    collect() {
      const stats = cache.stats();
      this.reset();
      this.inc({ kind: 'response', result: 'hit' }, stats.hits);
      this.inc({ kind: 'response', result: 'miss' }, stats.misses);
      this.inc({ kind: 'fetch', result: 'hit' }, stats.fetchHits);
      this.inc({ kind: 'fetch', result: 'miss' }, stats.fetchMisses);
    },
  });
  metrics.counter({
    name: 'gateway_response_cache_invalidations_total',
    help: 'Change notices that made cached answers of a service stale',
    collect() {
      this.reset();
      this.inc(cache.stats().invalidations);
    },
  });
  metrics.gauge({
    name: 'gateway_response_cache_entries',
    help: 'Answers held in the response cache',
    collect() {
      this.set(cache.stats().entries);
    },
  });
  metrics.gauge({
    name: 'gateway_response_cache_bytes',
    help: 'Memory the cached answers take (bytes, as the cache counts them)',
    collect() {
      this.set(cache.stats().bytes);
    },
  });
}

/** What the subscriptions feed does: its subscribers and the events by outcome. */
export function subscriptionMetrics(
  metrics: Metrics,
  stats: () => { subscribers: number; replays: number; events: Record<string, number> },
): void {
  metrics.gauge({
    name: 'gateway_subscribers',
    help: 'Subscriptions open at this gateway process (SSE and graphql-ws)',
    collect() {
      this.set(stats().subscribers);
    },
  });
  metrics.gauge({
    name: 'gateway_subscription_replays',
    help: 'Replays running for resumed subscriptions',
    collect() {
      this.set(stats().replays);
    },
  });
  metrics.counter({
    name: 'gateway_subscription_events_total',
    help: 'Events per subscriber by outcome (delivered; replayed: delivered from the topic to a resumed subscriber; withheld: the graph refused the subscriber its entity; cut_off: a subscriber too slow for its buffer)',
    labelNames: ['outcome'] as const,
    collect() {
      this.reset();
      for (const [outcome, value] of Object.entries(stats().events)) this.inc({ outcome }, value);
    },
  });
}

function operationNamesOf(documents: Iterable<string>): string[] {
  const names: string[] = [];
  for (const document of documents)
    for (const definition of parse(document).definitions)
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name)
        names.push(definition.name.value);
  return names;
}
