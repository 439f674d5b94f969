import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { CITY_IDS } from '@jobcenter/auth';
import { gatewayEnv, parseDistrictRouting, SUBGRAPHS } from '@jobcenter/gateway';
import { districtsEnv } from '../services/districts/src/config';
import { governanceEnv } from '../services/governance/src/config';
import { personnelEnv } from '../services/personnel/src/config';
import { budgetEnv } from '../services/budget/src/config';
import { parseOwnership } from '../services/districts/src/domain/ownership';
import { dashboardEnv } from '../apps/dashboard/server/config';

/**
 * No cluster runs where the tests run, so this keeps infra/k8s honest, as test/compose-file.test.ts
 * does docker-compose.yml: every process of the system has a Deployment and a Service; every
 * variable it is given is one its configuration schema reads, and together they parse; it binds
 * 0.0.0.0; the probes ask paths the process serves, on the port it listens on; the gateway reaches
 * each subgraph by its Service, and each district office is owned by exactly one instance.
 */
const root = join(__dirname, '..');
const k8s = join(root, 'infra/k8s');

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface Container {
  image: string;
  ports: { name: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef: { name: string } }[];
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  startupProbe?: { httpGet: { path: string; port: string } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
}
interface Resource {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec: {
    replicas?: number;
    selector: { matchLabels?: Record<string, string> } & Record<string, string>;
    template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
    ports: { name: string; port: number; targetPort: string }[];
  };
}
interface Kustomization {
  namespace: string;
  resources: string[];
}

const configs: Record<string, z.ZodObject> = {
  'services/districts': districtsEnv,
  'services/governance': governanceEnv,
  'services/personnel': personnelEnv,
  'services/budget': budgetEnv,
  gateway: gatewayEnv,
  'apps/dashboard': dashboardEnv,
};
/** Where each workspace's HTTP routes are declared (the probes must ask one of them). */
const routeSources: Record<string, string> = {
  'services/districts': 'packages/subgraph-server/src/server.ts',
  'services/governance': 'packages/subgraph-server/src/server.ts',
  'services/personnel': 'packages/subgraph-server/src/server.ts',
  'services/budget': 'packages/subgraph-server/src/server.ts',
  gateway: 'gateway/src/gateway.ts',
  'apps/dashboard': 'apps/dashboard/server/server.ts',
};
/** A stand-in for a value kept in a Secret, valid for the variable it fills. */
const secretStandIns: Record<string, string> = {
  DATABASE_URL: 'postgres://user:password@postgres.example.org:5432/db',
  AUTH_JWT_SECRET: 'x'.repeat(32),
};

function load(system: string) {
  const dir = join(k8s, system);
  const kustomization = parseAllDocuments(
    readFileSync(join(dir, 'kustomization.yaml'), 'utf8'),
  )[0]!.toJS() as Kustomization;
  const resources = kustomization.resources.flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map(
      (document) => document.toJS() as Resource,
    ),
  );
  const files = readdirSync(dir).filter(
    (file) => file.endsWith('.yaml') && file !== 'kustomization.yaml',
  );
  return { namespace: kustomization.namespace, resources, files, kustomization };
}
const systems = { central: load('central'), city: load('city') };

const deployments = (system: keyof typeof systems) =>
  systems[system].resources.filter((resource) => resource.kind === 'Deployment');
const everyDeployment = (['central', 'city'] as const).flatMap((system) =>
  deployments(system).map((deployment) => [system, deployment.metadata.name, deployment] as const),
);

/** The environment a Deployment's container gets, Secrets filled with stand-ins. */
function environment(system: keyof typeof systems, container: Container) {
  const configMap = (name: string) => {
    const found = systems[system].resources.find(
      (resource) => resource.kind === 'ConfigMap' && resource.metadata.name === name,
    );
    expect(found).toBeDefined();
    return found!.data!;
  };
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) Object.assign(env, configMap(from.configMapRef.name));
  for (const variable of container.env ?? []) {
    const { secretKeyRef, configMapKeyRef } = variable.valueFrom ?? {};
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (configMapKeyRef)
      env[variable.name] = configMap(configMapKeyRef.name)[configMapKeyRef.key]!;
    else if (secretKeyRef) env[variable.name] = secretStandIns[variable.name] ?? 'secret';
  }
  return env;
}

const workspaceOf = (deployment: Resource) =>
  deployment.metadata.annotations!['jobcenter/workspace']!;
const containerOf = (deployment: Resource) => deployment.spec.template.spec.containers[0]!;

describe('infra/k8s against the code', () => {
  it('lists every manifest of each directory in its kustomization', () => {
    for (const system of Object.values(systems))
      expect([...system.kustomization.resources].sort()).toEqual([...system.files].sort());
  });

  it('runs every service, the gateway and the dashboard centrally, and a districts instance in the city', () => {
    expect(deployments('central').map(workspaceOf).sort()).toEqual(Object.keys(configs).sort());
    expect(deployments('city').map(workspaceOf)).toEqual(['services/districts']);
    expect(systems.city.namespace).not.toBe(systems.central.namespace);
  });

  it.each(everyDeployment)(
    '%s/%s: gives only variables its config reads, all it requires, and parses',
    (system, _name, deployment) => {
      const schema = configs[workspaceOf(deployment)]!;
      const env = environment(system, containerOf(deployment));
      const known = Object.keys(schema.shape);
      expect(Object.keys(env).filter((key) => !known.includes(key))).toEqual([]);
      const parsed = schema.safeParse(env);
      expect(
        parsed.success
          ? []
          : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      ).toEqual([]);
      expect(env.HOST).toBe('0.0.0.0');
      expect(env.NODE_ENV).toBe('production');
      // Secrets are never written into the manifests.
      for (const variable of containerOf(deployment).env ?? [])
        if (/SECRET|PASSWORD|DATABASE_URL/.test(variable.name))
          expect(variable.valueFrom?.secretKeyRef).toBeDefined();
    },
  );

  it.each(everyDeployment)(
    '%s/%s: probes paths it serves on the port it listens on, with resources set',
    (system, _name, deployment) => {
      const container = containerOf(deployment);
      const env = environment(system, container);
      expect(container.ports).toEqual([{ name: 'http', containerPort: Number(env.PORT) }]);
      const routes = readFileSync(join(root, routeSources[workspaceOf(deployment)]!), 'utf8');
      const probes = [container.readinessProbe, container.livenessProbe, container.startupProbe];
      for (const probe of probes.filter(Boolean)) {
        expect(probe!.httpGet.port).toBe('http');
        expect(routes).toMatch(new RegExp(`app\\.get\\(\\s*'${probe!.httpGet.path}'`));
      }
      expect(container.livenessProbe.httpGet.path).toBe('/health');
      // A stateless page is ready when it is alive; everything else says so on /ready.
      expect(container.readinessProbe.httpGet.path).toBe(
        workspaceOf(deployment) === 'apps/dashboard' ? '/health' : '/ready',
      );
      for (const part of ['requests', 'limits'] as const)
        expect(Object.keys(container.resources[part]).sort()).toEqual(['cpu', 'memory']);
    },
  );

  it.each(everyDeployment)(
    '%s/%s: has a Service selecting its pods on its port',
    (system, name, deployment) => {
      const service = systems[system].resources.find(
        (resource) => resource.kind === 'Service' && resource.metadata.name === name,
      );
      expect(service).toBeDefined();
      expect(deployment.spec.selector.matchLabels).toEqual(service!.spec.selector);
      expect(deployment.spec.template.metadata.labels).toMatchObject(service!.spec.selector);
      expect(service!.spec.ports).toEqual([
        {
          name: 'http',
          port: containerOf(deployment).ports[0]!.containerPort,
          targetPort: 'http',
        },
      ]);
    },
  );

  /** The Deployment a URL reaches: a Service of the central namespace by its short name, or another's by its cluster name. */
  const target = (value: string) => {
    const url = new URL(value);
    const [service, namespace = systems.central.namespace] = url.hostname.split('.');
    const system = (Object.keys(systems) as (keyof typeof systems)[]).find(
      (key) => systems[key].namespace === namespace,
    );
    expect(system).toBeDefined();
    const deployment = deployments(system!).find(
      (candidate) => candidate.metadata.name === service,
    );
    expect(deployment).toBeDefined();
    const env = environment(system!, containerOf(deployment!));
    expect(url.port).toBe(env.PORT);
    return { deployment: deployment!, env };
  };
  const gatewayEnvironment = () =>
    environment(
      'central',
      containerOf(deployments('central').find((d) => workspaceOf(d) === 'gateway')!),
    );

  it('points the gateway at each subgraph by its Service and port', () => {
    const env = gatewayEnvironment();
    for (const subgraph of SUBGRAPHS) {
      const { deployment } = target(env[subgraph.urlVariable]!);
      expect(workspaceOf(deployment)).toBe(`services/${subgraph.name}`);
      expect(new URL(env[subgraph.urlVariable]!).pathname).toBe('/graphql');
    }
    const dashboard = environment(
      'central',
      containerOf(deployments('central').find((d) => workspaceOf(d) === 'apps/dashboard')!),
    );
    expect(workspaceOf(target(dashboard.GATEWAY_URL!).deployment)).toBe('gateway');
  });

  it('routes each district office to the one instance that owns it, the city’s own included', () => {
    const routing = parseDistrictRouting(gatewayEnvironment().DISTRICTS_INSTANCES!);
    for (const district of CITY_IDS) {
      const { env } = target(routing.ownerOf(district).url);
      expect(parseOwnership(env.OWNED_DISTRICTS!).ownsDistrict(district)).toBe(true);
    }
    const instances = everyDeployment.filter(
      ([system, , deployment]) =>
        workspaceOf(deployment) === 'services/districts' && system !== undefined,
    );
    for (const district of CITY_IDS) {
      const owners = instances.filter(([system, , deployment]) =>
        parseOwnership(
          environment(system, containerOf(deployment)).OWNED_DISTRICTS ?? 'all',
        ).ownsDistrict(district),
      );
      expect(owners).toHaveLength(1);
    }
    expect(parseOwnership(target(routing.central.url).env.OWNED_DISTRICTS!).hostsDepartment).toBe(
      true,
    );
  });

  it('runs the gateway and the services twice, sharing the Kafka brokers', () => {
    const brokers = new Set(
      everyDeployment
        .filter(([, , deployment]) => workspaceOf(deployment) !== 'apps/dashboard')
        .map(
          ([system, , deployment]) => environment(system, containerOf(deployment)).KAFKA_BROKERS,
        ),
    );
    expect(brokers.size).toBe(1);
    for (const deployment of deployments('central'))
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
  });
});
