import { CITY_IDS } from '@jobcenter/auth';
import { createLogger } from '@jobcenter/logger';
import {
  loadGatewayConfig,
  startGateway,
  subgraphDefinitions,
  type RunningGateway,
} from '@jobcenter/gateway';
import { startTestGateway } from './support/gateway';
import { graphql, tokenFor } from '@jobcenter/testing';
import type { DistrictsService } from '../services/districts/src/service';
import type { GovernanceService } from '../services/governance/src/service';
import { eventually, startTestGovernance } from '../services/governance/test/support/governance';
import { aCaseload, startTestDistricts } from '../services/districts/test/support/districts';
import type { PersonnelService } from '../services/personnel/src/service';
import { startTestPersonnel } from '../services/personnel/test/support/personnel';
import type { BudgetService } from '../services/budget/src/service';
import { startTestBudget } from '../services/budget/test/support/budget';

const ALL_UNITS = /* GraphQL */ `
  {
    units {
      __typename
      id
      name
      kind
      ... on District {
        sizeGroup
        latestCaseloadReport {
          month
          eligibleJobseekers
          subsistenceBenefits
        }
      }
    }
  }
`;

/** The subgraph URL variables of the running services. */
let subgraphUrls: Record<string, string> = {};

function gatewayOver(districtsUrl: string): Promise<RunningGateway> {
  const urls = { ...subgraphUrls, SUBGRAPH_DISTRICTS_URL: districtsUrl };
  return startTestGateway(subgraphDefinitions(urls), urls);
}

describe('the graph through the gateway', () => {
  let districts: DistrictsService;
  let governance: GovernanceService;
  let personnel: PersonnelService;
  let budget: BudgetService;
  let gateway: RunningGateway;
  let token: string;

  beforeAll(async () => {
    [districts, governance, personnel, budget] = await Promise.all([
      startTestDistricts(),
      startTestGovernance(),
      startTestPersonnel(),
      startTestBudget(),
    ]);
    subgraphUrls = {
      SUBGRAPH_DISTRICTS_URL: districts.url,
      SUBGRAPH_GOVERNANCE_URL: governance.url,
      SUBGRAPH_PERSONNEL_URL: personnel.url,
      SUBGRAPH_BUDGET_URL: budget.url,
    };
    gateway = await gatewayOver(districts.url);
    token = await tokenFor('county_staff');
    await districts.reporting.report({
      districtId: 'gladbeck',
      month: '2025-10',
      figures: aCaseload({ eligibleJobseekers: 6100 }),
      reportedBy: 't',
    });
    await districts.reporting.report({
      districtId: 'waltrop',
      month: '2025-09',
      figures: aCaseload({ eligibleJobseekers: 2000, longTermRecipients: 1300 }),
      reportedBy: 't',
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await budget?.stop();
    await personnel?.stop();
    await governance?.stop();
    await districts?.stop();
  });

  it('answers all eleven units with their latest reports', async () => {
    const response = await graphql<{
      units: {
        id: string;
        __typename: string;
        latestCaseloadReport?: { month: string; eligibleJobseekers: number } | null;
      }[];
    }>(gateway.url, ALL_UNITS, {}, token);
    expect(response.errors).toBeUndefined();
    const units = response.data!.units;
    expect(units.map((unit) => unit.id)).toEqual([...CITY_IDS, 'fachbereich-jobcenter']);
    expect(units.find((unit) => unit.id === 'gladbeck')!.latestCaseloadReport).toMatchObject({
      month: '2025-10',
      eligibleJobseekers: 6100,
    });
    expect(units.find((unit) => unit.id === 'waltrop')!.latestCaseloadReport).toMatchObject({
      month: '2025-09',
      eligibleJobseekers: 2000,
    });
    expect(units.find((unit) => unit.id === 'marl')!.latestCaseloadReport).toBeNull();
    expect(units[10]!.__typename).toBe('JobcenterDepartment');
  });

  it('joins districts and governance: each district with its caseload and its benchmark', async () => {
    // Months no other suite reports, so that this district's K1 is this test's alone.
    for (const [month, cents] of [
      ['2019-05', 400_000_000],
      ['2018-05', 500_000_000],
    ] as const) {
      await districts.reporting.report({
        districtId: 'recklinghausen',
        month,
        figures: aCaseload({ subsistenceBenefits: cents }),
        reportedBy: 't',
      });
    }
    const QUERY = `{ districts { id name caseloadReport(month: "2019-05") { subsistenceBenefits } benchmark(month: "2019-05") { k1 { value rank } } } }`;
    type Answer = {
      districts: {
        id: string;
        name: string;
        caseloadReport: { subsistenceBenefits: number } | null;
        benchmark: { k1: { value: number | null; rank: number | null } } | null;
      }[];
    };
    const recklinghausen = await eventually(async () => {
      const response = await graphql<Answer>(gateway.url, QUERY, {}, token);
      expect(response.errors).toBeUndefined();
      const entry = response.data!.districts.find((district) => district.id === 'recklinghausen')!;
      return entry.benchmark?.k1.value === -20 ? entry : null;
    }, 'the benchmark of Recklinghausen');
    expect(recklinghausen).toEqual({
      id: 'recklinghausen',
      name: 'Bezirksstelle Recklinghausen',
      caseloadReport: { subsistenceBenefits: 400_000_000 },
      benchmark: { k1: { value: -20, rank: 1 } },
    });
    const dissent = await graphql<{ openDissentDecisions: unknown[] }>(
      gateway.url,
      '{ openDissentDecisions { number meeting { heldAt } } }',
      {},
      token,
    );
    expect(dissent.data).toEqual({ openDissentDecisions: [] });
  });

  it('answers 401 without a valid token, and forwards a valid one for the subgraphs to check', async () => {
    const response = await graphql(gateway.url, '{ districts { id } }');
    expect(response.status).toBe(401);
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Authorization: Bearer'),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const forged = await graphql(gateway.url, '{ districts { id } }', {}, `${token}x`);
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.message).toMatch(/The token is not valid/);
    const forbidden = await graphql(
      gateway.url,
      `
        mutation {
          reportCaseload(
            input: {
              districtId: "herten"
              month: "2025-10"
              figures: {
                benefitHouseholds: 1
                eligibleJobseekers: 1
                eligibleJobseekersUnder25: 0
                longTermRecipients: 0
                integrations: 0
                subsistenceBenefits: 100
              }
            }
          ) {
            id
          }
        }
      `,
      {},
      await tokenFor('city_staff', 'marl'),
    );
    expect(forbidden.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('refuses a query deeper than the limit', async () => {
    const levels = 7;
    const deep = `{ districts { ${'latestCaseloadReport { district { '.repeat(levels)}id${' } }'.repeat(levels)} } }`;
    const response = await graphql(gateway.url, deep, {}, token);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /^The operation is nested \d+ levels deep; at most 10 are allowed\.$/,
      ),
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 10 },
    });
  });

  it('composes from the running subgraphs in development (SUPERGRAPH_SOURCE=introspect)', async () => {
    const config = loadGatewayConfig({
      PORT: '0',
      SUPERGRAPH_SOURCE: 'introspect',
      ...subgraphUrls,
    });
    const live = await startGateway(config, createLogger('gateway-test', 'silent'));
    try {
      const response = await graphql<{ district: { name: string } }>(
        live.url,
        '{ district(id: "datteln") { name } }',
        {},
        token,
      );
      expect(response.data).toEqual({ district: { name: 'Bezirksstelle Datteln' } });
    } finally {
      await live.stop();
    }
  });

  it('answers /health on the gateway and /ready on the subgraph', async () => {
    const health = await fetch(gateway.url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    const ready = await fetch(districts.url.replace('/graphql', '/ready'));
    expect(await ready.json()).toEqual({
      status: 'ready',
      service: 'districts',
      checks: { database: 'ok', kafka: 'ok' },
    });
  });

  it('refuses floods of aliases, fragments that multiply the cost, and oversized documents, before execution', async () => {
    const refused = async (query: string) => {
      const response = await graphql(gateway.url, query, {}, token);
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      return response.errors?.[0];
    };
    const aliases = Array.from({ length: 1000 }, (_, n) => `u${n}: units { id }`).join(' ');
    expect(await refused(`{ ${aliases} }`)).toMatchObject({
      message: 'The document has more than 2000 tokens; ask in smaller parts.',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 2000 },
    });
    const someAliases = Array.from({ length: 40 }, (_, n) => `u${n}: units { id }`).join(' ');
    expect(await refused(`{ ${someAliases} }`)).toMatchObject({
      message: 'The operation uses 40 aliases; at most 15 are allowed.',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 15, found: 40 },
    });
    // Few tokens, but each fragment spread costs its whole selection again.
    const fragments = `{ districts { ...A ...A ...A ...A ...A ...A ...A ...A } }
      fragment A on District { caseloadReports { ...B ...B ...B ...B ...B ...B ...B ...B } }
      fragment B on CaseloadReport { district { ...C ...C ...C ...C ...C ...C ...C ...C } }
      fragment C on District { id name sizeGroup }`;
    expect(await refused(fragments)).toMatchObject({
      message: expect.stringMatching(/^The operation costs \d+; at most 5000 is allowed\./),
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 5000 },
    });
  });

  it('names the missing service when a subgraph is down, and does not hang', async () => {
    const stopped = await startTestDistricts();
    const orphan = await gatewayOver(stopped.url);
    await stopped.stop();
    try {
      const started = Date.now();
      const response = await graphql(orphan.url, '{ districts { id } }', {}, token);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(response.errors?.[0]).toMatchObject({
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'districts' },
      });
      expect(response.errors?.[0]?.message).toContain('The districts service is not reachable');
    } finally {
      await orphan.stop();
    }
  });
});
