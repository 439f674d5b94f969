import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { districtsEnv } from '../services/districts/src/config';
import { governanceEnv } from '../services/governance/src/config';
import { personnelEnv } from '../services/personnel/src/config';
import { budgetEnv } from '../services/budget/src/config';
import { parseOwnership } from '../services/districts/src/domain/ownership';
import { gatewayEnv, parseDistrictRouting, SUBGRAPHS } from '@jobcenter/gateway';
import { dashboardEnv } from '../apps/dashboard/server/config';
import { CITY_IDS } from '@jobcenter/auth';

/**
 * No Docker engine runs where the tests run, so this keeps docker-compose.yml honest: every
 * service and the gateway is there, built from the Dockerfile, with ports and variables that match
 * what the config code reads, and the gateway's routing matches the instances' ownership.
 */
interface ComposeService {
  image?: string;
  volumes?: string[];
  build?: { dockerfile: string; args: { WORKSPACE: string } };
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
}
const root = join(__dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};

/** The configuration schema of each workspace that runs as a process. */
const configs: Record<string, z.ZodObject> = {
  'services/districts': districtsEnv,
  'services/governance': governanceEnv,
  'services/personnel': personnelEnv,
  'services/budget': budgetEnv,
  gateway: gatewayEnv,
  'apps/dashboard': dashboardEnv,
};

const built = Object.entries(compose.services).filter(([, service]) => service.build);
const env = (service: ComposeService) =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]),
  );

describe('docker-compose.yml against the code', () => {
  it('runs every service of services/, the gateway and every app of apps/, each built from the one Dockerfile', () => {
    const workspaces = [
      ...readdirSync(join(root, 'services')).map((name) => `services/${name}`),
      'gateway',
      ...readdirSync(join(root, 'apps')).map((name) => `apps/${name}`),
    ];
    expect(Object.keys(configs).sort()).toEqual(workspaces.sort());
    expect([...new Set(built.map(([, service]) => service.build!.args.WORKSPACE))].sort()).toEqual(
      workspaces.sort(),
    );
    for (const [, service] of built)
      expect(service.build!.dockerfile).toBe('infra/docker/Dockerfile');
    expect(readFileSync(join(root, 'infra/docker/Dockerfile'), 'utf8')).toContain(
      '$WORKSPACE/dist/main.js',
    );
  });

  it.each(built.map(([name]) => name))(
    'gives %s only variables its config reads, all it requires, and parses',
    (name) => {
      const service = compose.services[name]!;
      const schema = configs[service.build!.args.WORKSPACE]!;
      const known = Object.keys(schema.shape);
      expect(Object.keys(env(service)).filter((key) => !known.includes(key))).toEqual([]);
      const parsed = schema.safeParse(env(service));
      expect(
        parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.')),
      ).toEqual([]);
    },
  );

  it.each(built.map(([name]) => name))(
    'publishes the port %s listens on and checks its health there',
    (name) => {
      const service = compose.services[name]!;
      const port = env(service).PORT;
      expect(service.ports).toContain(`${port}:${port}`);
      expect(service.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${port}/`);
    },
  );

  const urlTarget = (value: string) => {
    const url = new URL(value);
    const target = compose.services[url.hostname];
    expect(target).toBeDefined();
    expect(env(target!).PORT).toBe(url.port);
    expect(url.pathname).toBe('/graphql');
    return target!;
  };

  it('points the gateway at each subgraph by its compose name and port', () => {
    const gateway = env(compose.services.gateway!);
    for (const subgraph of SUBGRAPHS) urlTarget(gateway[subgraph.urlVariable]!);
  });

  it('points the dashboard at the gateway by its compose name and port, signing tokens as the services verify them', () => {
    const dashboard = env(compose.services.dashboard!);
    const gateway = new URL(dashboard.GATEWAY_URL!);
    expect(gateway.hostname).toBe('gateway');
    expect(gateway.port).toBe(env(compose.services.gateway!).PORT);
    expect(compose.services.dashboard!.build!.args.WORKSPACE).toBe('apps/dashboard');
    for (const [, service] of built.filter(([, s]) => s.environment?.DATABASE_URL))
      expect(env(service).AUTH_JWT_SECRET).toBe(dashboard.AUTH_JWT_SECRET);
  });

  it('routes each district to the instance that owns it, and every district to exactly one', () => {
    const routing = parseDistrictRouting(env(compose.services.gateway!).DISTRICTS_INSTANCES!);
    for (const district of CITY_IDS) {
      const owner = urlTarget(routing.ownerOf(district).url);
      expect(parseOwnership(env(owner).OWNED_DISTRICTS!).ownsDistrict(district)).toBe(true);
    }
    const instances = built.filter(
      ([, service]) => service.build!.args.WORKSPACE === 'services/districts',
    );
    for (const district of CITY_IDS) {
      const owners = instances.filter(([, service]) =>
        parseOwnership(env(service).OWNED_DISTRICTS ?? 'all').ownsDistrict(district),
      );
      expect(owners).toHaveLength(1);
    }
    expect(
      parseOwnership(env(urlTarget(routing.central.url)).OWNED_DISTRICTS!).hostsDepartment,
    ).toBe(true);
  });

  it('connects the services to the compose PostgreSQL, each to a database of its own, and Kafka', () => {
    const postgres = compose.services.postgres!.environment!;
    const advertised = String(
      compose.services.kafka!.environment!.KAFKA_ADVERTISED_LISTENERS,
    ).replace('PLAINTEXT://', '');
    const withDatabase = built.filter(([, s]) => s.environment?.DATABASE_URL);
    for (const [, service] of withDatabase) {
      const url = new URL(env(service).DATABASE_URL!);
      expect(url.hostname).toBe('postgres');
      expect(url.username).toBe(postgres.POSTGRES_USER);
      expect(url.password).toBe(postgres.POSTGRES_PASSWORD);
      expect(env(service).KAFKA_BROKERS).toBe(advertised);
    }
    const databases = withDatabase.map(
      ([, service]) => new URL(env(service).DATABASE_URL!).pathname,
    );
    expect(new Set(databases).size).toBe(databases.length);
    // The gateway's response cache reads the change notices from the same broker.
    expect(env(compose.services.gateway!).KAFKA_BROKERS).toBe(advertised);
  });

  describe('metrics and traces', () => {
    const prometheus = parse(
      readFileSync(join(root, 'infra/prometheus/prometheus.yml'), 'utf8'),
    ) as {
      scrape_configs: {
        job_name: string;
        metrics_path?: string;
        static_configs: { targets: string[] }[];
      }[];
    };
    /** Every process of the graph: the services (each instance) and the gateway. */
    const graphProcesses = built.filter(([, service]) =>
      /^(services\/|gateway$)/.test(service.build!.args.WORKSPACE),
    );
    /** Every process Prometheus scrapes: those of the graph and the dashboard's server. */
    const scrapedProcesses = built.filter(([, service]) =>
      /^(services\/|gateway$|apps\/dashboard$)/.test(service.build!.args.WORKSPACE),
    );
    const mounted = (name: string, target: string) => {
      const volume = compose.services[name]!.volumes?.find((entry) =>
        entry.split(':')[1]!.startsWith(target),
      );
      expect(volume).toBeDefined();
      return join(root, volume!.split(':')[0]!);
    };

    it('Prometheus scrapes every service, the gateway and the dashboard at its port and /metrics', () => {
      expect(compose.services.prometheus!.image).toMatch(/^prom\/prometheus:/);
      expect(mounted('prometheus', '/etc/prometheus/prometheus.yml')).toBe(
        join(root, 'infra/prometheus/prometheus.yml'),
      );
      const scraped = prometheus.scrape_configs.flatMap((job) =>
        job.static_configs.flatMap((config) =>
          config.targets.map((target) => ({ target, path: job.metrics_path ?? '/metrics' })),
        ),
      );
      expect(scraped.map(({ target }) => target).sort()).toEqual(
        scrapedProcesses.map(([name, service]) => `${name}:${env(service).PORT}`).sort(),
      );
      for (const { path } of scraped) expect(path).toBe('/metrics');
    });

    it('every service and the gateway sends its traces to the compose Jaeger over OTLP/HTTP', () => {
      expect(compose.services.jaeger!.image).toMatch(/^jaegertracing\//);
      expect(compose.services.jaeger!.ports).toContain('4318:4318');
      for (const [, service] of graphProcesses)
        expect(env(service).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
    });

    it('Grafana is provisioned with Prometheus, Jaeger and a dashboard of metrics the code defines', () => {
      const provisioning = mounted('grafana', '/etc/grafana/provisioning');
      const sources = parse(
        readFileSync(join(provisioning, 'datasources/datasources.yml'), 'utf8'),
      ) as { datasources: { type: string; url: string }[] };
      expect(
        sources.datasources.map((source) => [source.type, new URL(source.url).hostname]),
      ).toEqual([
        ['prometheus', 'prometheus'],
        ['jaeger', 'jaeger'],
      ]);
      const dashboards = mounted('grafana', '/var/lib/grafana/dashboards');
      const dashboard = JSON.parse(
        readFileSync(join(dashboards, 'jobcenter-graph.json'), 'utf8'),
      ) as { panels: { title: string; targets: { expr: string }[] }[] };
      const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join(' | ');
      for (const topic of [
        'requests',
        'latency by subgraph',
        'outbox lag',
        'consumer lag',
        'dead letters',
        'cache hit ratio',
      ])
        expect(titles).toContain(topic);
      // Each metric a panel asks for is one the code registers.
      const code = [
        'packages/subgraph-server/src/metrics.ts',
        'packages/observability/src/metrics.ts',
        'packages/events/src/outbox/relay.ts',
        'packages/events/src/consumer/idempotent-consumer.ts',
        'gateway/src/metrics.ts',
      ]
        .map((file) => readFileSync(join(root, file), 'utf8'))
        .join('\n');
      const registered = new Set([...code.matchAll(/name: '([a-z_]+)'/g)].map((match) => match[1]));
      const asked = dashboard.panels.flatMap((panel) =>
        panel.targets.flatMap((target) =>
          // Metric names have underscores; label names and functions here have none.
          [...target.expr.matchAll(/\b[a-z]+(?:_[a-z0-9]+)+\b/g)].map((match) => match[0]),
        ),
      );
      const metrics = asked
        .filter((name) => name !== 'histogram_quantile')
        .map((name) => name.replace(/_(bucket|count|sum)$/, ''));
      expect(metrics.length).toBeGreaterThan(8);
      expect(metrics.filter((name) => !registered.has(name))).toEqual([]);
    });
  });
});
