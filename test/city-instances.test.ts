import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { CITY_IDS } from '@jobcenter/auth';
import { topics } from '@jobcenter/events';
import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { startTestGateway } from './support/gateway';
import { graphql, readTopic, tokenFor } from '@jobcenter/testing';
import type { DistrictsService } from '../services/districts/src/service';
import {
  aCaseload,
  REPORT,
  startTestDistricts,
} from '../services/districts/test/support/districts';

/**
 * Marl runs its own districts service with its own database; the central instance serves the
 * other nine and the Fachbereich. A small extra subgraph refers to districts, so that the gateway
 * resolves them through `_entities`.
 */
const WATCH_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type District @key(fields: "id", resolvable: false) { id: ID! }
  type Query { watchedDistricts: [District!]! }
`;

async function startWatchSubgraph() {
  const server = new ApolloServer({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema({
      typeDefs: parse(WATCH_SDL),
      resolvers: {
        Query: { watchedDistricts: () => [{ id: 'herten' }, { id: 'marl' }, { id: 'datteln' }] },
      },
    }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0 } });
  return { url, stop: () => server.stop() };
}

function gatewayOver(
  instances: { name: string; url: string; districts: string[] | '*' }[],
  extra: { name: string; url: string },
) {
  const central = instances.find((instance) => instance.districts === '*')!;
  return startTestGateway(
    [...subgraphDefinitions({ SUBGRAPH_DISTRICTS_URL: central.url }), { ...extra, sdl: WATCH_SDL }],
    { SUBGRAPH_TIMEOUT_MS: '1500', DISTRICTS_INSTANCES: JSON.stringify(instances) },
  );
}

const reportCount = async (service: DistrictsService, district: string) =>
  Number(
    (
      await service.dataSource.query(
        'SELECT count(*) AS n FROM caseload_report WHERE district_id = $1',
        [district],
      )
    )[0].n,
  );

describe('cities running their own district service', () => {
  let marl: DistrictsService;
  let central: DistrictsService;
  let watch: { url: string; stop: () => Promise<void> };
  let gateway: RunningGateway;
  let county: string;
  let marlStaff: string;

  beforeAll(async () => {
    [marl, central, watch] = await Promise.all([
      startTestDistricts({ env: { OWNED_DISTRICTS: 'marl' } }),
      startTestDistricts({ env: { OWNED_DISTRICTS: 'all,-marl' } }),
      startWatchSubgraph(),
    ]);
    gateway = await gatewayOver(
      [
        { name: 'marl', url: marl.url, districts: ['marl'] },
        { name: 'central', url: central.url, districts: '*' },
      ],
      { name: 'watch', url: watch.url },
    );
    county = await tokenFor('county_staff');
    marlStaff = await tokenFor('city_staff', 'marl', 'mia.marl');
    await marl.reporting.report({
      districtId: 'marl',
      month: '2025-05',
      figures: aCaseload({ eligibleJobseekers: 7000 }),
      reportedBy: 't',
    });
    await central.reporting.report({
      districtId: 'herten',
      month: '2025-04',
      figures: aCaseload({ eligibleJobseekers: 5300 }),
      reportedBy: 't',
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await watch?.stop();
    await central?.stop();
    await marl?.stop();
  });

  it('lists every district once, in the order one central instance gives', async () => {
    const response = await graphql<{
      districts: { id: string; latestCaseloadReport: { month: string } | null }[];
      units: { id: string }[];
    }>(
      gateway.url,
      '{ districts { id latestCaseloadReport { month } } units { id } department { name } }',
      {},
      county,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.districts.map((district) => district.id)).toEqual([...CITY_IDS]);
    expect(response.data!.units.map((unit) => unit.id)).toEqual([
      ...CITY_IDS,
      'fachbereich-jobcenter',
    ]);
    const byId = Object.fromEntries(
      response.data!.districts.map((district) => [district.id, district.latestCaseloadReport]),
    );
    expect(byId.marl).toEqual({ month: '2025-05' });
    expect(byId.herten).toEqual({ month: '2025-04' });
  });

  it('resolves a district entity at the instance that owns it', async () => {
    const response = await graphql<{
      watchedDistricts: {
        id: string;
        name: string;
        latestCaseloadReport: { eligibleJobseekers: number } | null;
      }[];
    }>(
      gateway.url,
      '{ watchedDistricts { id name latestCaseloadReport { eligibleJobseekers } } }',
      {},
      county,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.watchedDistricts).toEqual([
      {
        id: 'herten',
        name: 'Bezirksstelle Herten',
        latestCaseloadReport: { eligibleJobseekers: 5300 },
      },
      {
        id: 'marl',
        name: 'Bezirksstelle Marl',
        latestCaseloadReport: { eligibleJobseekers: 7000 },
      },
      { id: 'datteln', name: 'Bezirksstelle Datteln', latestCaseloadReport: null },
    ]);
  });

  it('routes a root field that names a district to its owner', async () => {
    const response = await graphql<{
      district: { name: string; caseloadReport: { month: string } };
    }>(
      gateway.url,
      'query One($id: ID!) { district(id: $id) { name caseloadReport(month: "2025-05") { month } } }',
      { id: 'marl' },
      county,
    );
    expect(response.data!.district).toEqual({
      name: 'Bezirksstelle Marl',
      caseloadReport: { month: '2025-05' },
    });
  });

  it('sends a write for Marl to Marl’s instance only, and its event reaches the shared topic', async () => {
    const reader = await readTopic(topics.caseloadReported.name);
    try {
      const [marlBefore, centralBefore] = [
        await reportCount(marl, 'marl'),
        await reportCount(central, 'marl'),
      ];
      const response = await graphql<{ reportCaseload: { id: string } }>(
        gateway.url,
        REPORT,
        { input: { districtId: 'marl', month: '2025-06', figures: aCaseload() } },
        marlStaff,
      );
      expect(response.errors).toBeUndefined();
      expect(await reportCount(marl, 'marl')).toBe(marlBefore + 1);
      expect(await reportCount(central, 'marl')).toBe(centralBefore);
      const [event] = await reader.waitFor(
        (m) =>
          (m.value.data as { reportId?: string } | undefined)?.reportId ===
          response.data!.reportCaseload.id,
      );
      expect(event!.key).toBe('marl');
      expect(event!.value).toMatchObject({
        source: '/jobcenter/districts',
        subject: 'marl',
        data: { districtId: 'marl', month: '2025-06' },
      });
    } finally {
      await reader.stop();
    }
  });

  it('refuses a write sent straight to an instance that does not own the district', async () => {
    const toCentral = await graphql(
      central.url,
      REPORT,
      { input: { districtId: 'marl', month: '2025-07', figures: aCaseload() } },
      county,
    );
    expect(toCentral.errors?.[0]).toMatchObject({
      extensions: { code: 'MISDIRECTED', field: 'districtId' },
    });
    expect(toCentral.errors?.[0]?.message).toContain('"marl" is not served here');
    const toMarl = await graphql(
      marl.url,
      REPORT,
      { input: { districtId: 'herten', month: '2025-07', figures: aCaseload() } },
      county,
    );
    expect(toMarl.errors?.[0]?.message).toContain(
      'This districts instance serves marl; "herten" is not served here',
    );
    expect(await reportCount(central, 'marl')).toBe(0);
    expect(await reportCount(marl, 'herten')).toBe(0);
  });

  it('routes root fields inside inline fragments, as the planner passes them through', async () => {
    const response = await graphql<{ department: { name: string }; districts: { id: string }[] }>(
      gateway.url,
      'query Q($all: Boolean!) { department { name } ... @include(if: $all) { districts { id } } }',
      { all: true },
      county,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.department).toEqual({ name: 'Fachbereich Jobcenter' });
    expect(response.data!.districts.map((district) => district.id)).toEqual([...CITY_IDS]);
  });

  it('passes on an error that concerns the whole request, such as a bad token, instead of an empty list', async () => {
    const forged = `${county.slice(0, -4)}AAAA`;
    const response = await graphql<{ districts: unknown[] }>(
      gateway.url,
      '{ districts { id } }',
      {},
      forged,
    );
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('answers for the other cities when an instance does not answer in time, naming it', async () => {
    const hanging = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/graphql`;
    const slow = await gatewayOver(
      [
        { name: 'marl-hanging', url: hangingUrl, districts: ['marl'] },
        { name: 'central', url: central.url, districts: '*' },
      ],
      { name: 'watch', url: watch.url },
    );
    try {
      const started = Date.now();
      const response = await graphql<{ districts: { id: string }[] }>(
        slow.url,
        '{ districts { id } }',
        {},
        county,
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(response.data!.districts.map((district) => district.id)).toEqual(
        CITY_IDS.filter((id) => id !== 'marl'),
      );
      expect(response.errors?.[0]).toMatchObject({
        message: expect.stringContaining(
          '"marl-hanging" did not answer in time; missing from this answer: marl',
        ),
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', instance: 'marl-hanging', districts: ['marl'] },
      });
    } finally {
      await slow.stop();
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it('answers for the other cities when Marl’s instance is stopped, naming Marl', async () => {
    await marl.stop();
    const started = Date.now();
    const list = await graphql<{ districts: { id: string }[] }>(
      gateway.url,
      '{ districts { id } }',
      {},
      county,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(list.data!.districts.map((district) => district.id)).toEqual(
      CITY_IDS.filter((id) => id !== 'marl'),
    );
    expect(list.errors).toHaveLength(1);
    expect(list.errors![0]).toMatchObject({
      message: expect.stringContaining('"marl" is not reachable; missing from this answer: marl'),
      extensions: {
        code: 'SUBGRAPH_UNAVAILABLE',
        service: 'districts',
        instance: 'marl',
        districts: ['marl'],
      },
    });
    const one = await graphql<{ district: unknown }>(
      gateway.url,
      '{ district(id: "herten") { name } }',
      {},
      county,
    );
    expect(one).toMatchObject({ data: { district: { name: 'Bezirksstelle Herten' } } });
    expect(one.errors).toBeUndefined();
  });
});
