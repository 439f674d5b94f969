import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { districtsEnv } from '../services/districts/src/config';
import { gatewayEnv, SUBGRAPHS } from '@jobcenter/gateway';

/**
 * No Docker engine runs where the tests run, so this keeps docker-compose.yml honest: every
 * service and the gateway is there, built from the Dockerfile, with ports and variables that match
 * what the config code reads.
 */
const root = join(__dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<
    string,
    {
      build?: { dockerfile: string; args: { WORKSPACE: string } };
      environment?: Record<string, string | number>;
      ports?: string[];
      healthcheck?: { test: string[] };
    }
  >;
};

/** The configuration schema of each workspace that runs as a process. */
const configs: Record<string, z.ZodObject> = {
  'services/districts': districtsEnv,
  gateway: gatewayEnv,
};

const built = Object.entries(compose.services).filter(([, service]) => service.build);

describe('docker-compose.yml against the code', () => {
  it('runs every service of services/ and the gateway, each built from the one Dockerfile', () => {
    const workspaces = [
      ...readdirSync(join(root, 'services')).map((name) => `services/${name}`),
      'gateway',
    ];
    expect(Object.keys(configs).sort()).toEqual(workspaces.sort());
    expect(built.map(([, service]) => service.build!.args.WORKSPACE).sort()).toEqual(
      workspaces.sort(),
    );
    for (const [, service] of built) {
      expect(service.build!.dockerfile).toBe('infra/docker/Dockerfile');
    }
    expect(readFileSync(join(root, 'infra/docker/Dockerfile'), 'utf8')).toContain(
      '$WORKSPACE/dist/main.js',
    );
  });

  it.each(Object.keys(configs))(
    'gives %s only variables its config reads, all it requires, and parses',
    (workspace) => {
      const [, service] = built.find(
        ([, candidate]) => candidate.build!.args.WORKSPACE === workspace,
      )!;
      const schema = configs[workspace]!;
      const environment = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]),
      );
      const known = Object.keys(schema.shape);
      expect(Object.keys(environment).filter((key) => !known.includes(key))).toEqual([]);
      const parsed = schema.safeParse(environment);
      expect(
        parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.')),
      ).toEqual([]);
    },
  );

  it.each(Object.keys(configs))(
    'publishes the port %s listens on and checks its health there',
    (workspace) => {
      const [, service] = built.find(
        ([, candidate]) => candidate.build!.args.WORKSPACE === workspace,
      )!;
      const port = String(service.environment!.PORT);
      expect(service.ports).toContain(`${port}:${port}`);
      expect(service.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${port}/`);
    },
  );

  it('points the gateway at each subgraph by its compose name and port', () => {
    const gateway = compose.services.gateway!;
    for (const subgraph of SUBGRAPHS) {
      const url = new URL(String(gateway.environment![subgraph.urlVariable]));
      const target = compose.services[url.hostname];
      expect(target).toBeDefined();
      expect(String(target!.environment!.PORT)).toBe(url.port);
      expect(url.pathname).toBe('/graphql');
    }
  });

  it('connects the services to the compose PostgreSQL and Kafka', () => {
    const postgres = compose.services.postgres!.environment!;
    const advertised = String(
      compose.services.kafka!.environment!.KAFKA_ADVERTISED_LISTENERS,
    ).replace('PLAINTEXT://', '');
    for (const [, service] of built.filter(([, s]) => s.environment?.DATABASE_URL)) {
      const url = new URL(String(service.environment!.DATABASE_URL));
      expect(url.hostname).toBe('postgres');
      expect(url.username).toBe(postgres.POSTGRES_USER);
      expect(url.password).toBe(postgres.POSTGRES_PASSWORD);
      expect(service.environment!.KAFKA_BROKERS).toBe(advertised);
    }
  });
});
