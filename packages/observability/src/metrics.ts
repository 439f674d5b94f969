import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/** Seconds: from 5 ms (an answer from memory) to 10 s (past every deadline). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus metrics of one process (prom-client), served on its `/metrics`: the default
 * process metrics (CPU, memory, event loop lag, garbage collection) and whatever the parts of the
 * process register. A registry per process rather than prom-client's global one, so that several
 * services started in one test process each show their own.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return new Histogram({ buckets: DURATION_BUCKETS, ...config, registers: [this.registry] });
  }

  /** The text exposition format, as Prometheus scrapes it. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** What a node-postgres pool tells about its connections. */
export interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** The database pool's use, read when scraped: connections in use, idle, the most, and waiters. */
export function poolMetrics(metrics: Metrics, pool: () => PoolLike | undefined): void {
  metrics.gauge({
    name: 'db_pool_connections',
    help: 'Connections of the database pool, by state (used: lent to a query or transaction)',
    labelNames: ['state'] as const,
    collect() {
      const current = pool();
      if (!current) return;
      this.set({ state: 'used' }, current.totalCount - current.idleCount);
      this.set({ state: 'idle' }, current.idleCount);
    },
  });
  metrics.gauge({
    name: 'db_pool_max_connections',
    help: 'The most connections the database pool opens',
    collect() {
      const max = pool()?.options?.max;
      if (max !== undefined) this.set(max);
    },
  });
  metrics.gauge({
    name: 'db_pool_waiting_requests',
    help: 'Queries waiting for a free connection of the database pool',
    collect() {
      const current = pool();
      if (current) this.set(current.waitingCount);
    },
  });
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Operation names as label values, kept bounded: a name is its own label only when it is a valid
 * GraphQL name of at most 64 characters and either in the fixed set (the trusted documents, when
 * there are any) or among the first `max` distinct names this process saw; every other name counts
 * as `other`, an operation without a name as `anonymous`. The subgraph requests the gateway makes
 * are named `<operation>__<subgraph>__<n>`: they count under `<operation>`.
 */
export class OperationNames {
  private readonly seen = new Set<string>();
  private readonly fixed: boolean;

  constructor(
    known?: Iterable<string>,
    private readonly max = 50,
  ) {
    for (const name of known ?? []) if (NAME.test(name)) this.seen.add(name);
    this.fixed = known !== undefined;
  }

  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    const operation = name.replace(/__[A-Za-z0-9_-]+?__\d+$/, '');
    if (this.seen.has(operation)) return operation;
    if (this.fixed || this.seen.size >= this.max || !NAME.test(operation)) return 'other';
    this.seen.add(operation);
    return operation;
  }
}

const CODE = /^[A-Z][A-Z0-9_]{0,47}$/;

/** An error code as a label value: the codes the services set (docs/errors.md), else `other`. */
export const errorCodeLabel = (code: unknown): string =>
  typeof code === 'string' && CODE.test(code) ? code : 'other';
