import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { graphql, tokenFor } from '@jobcenter/testing';
import { startTestGateway } from './support/gateway';
import type { DistrictsService } from '../services/districts/src/service';
import { aCaseload, startTestDistricts } from '../services/districts/test/support/districts';
import type { PersonnelService } from '../services/personnel/src/service';
import { startTestPersonnel } from '../services/personnel/test/support/personnel';
import { systemWrite } from '../services/personnel/src/application/records';

interface Page<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

const EMPLOYEES = /* GraphQL */ `
  query Employees($first: Int, $after: String, $last: Int, $before: String) {
    employeesConnection(
      workplace: "marl"
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      edges {
        cursor
        node {
          id
          personnelNumber
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      totalCount
    }
  }
`;

const HISTORY = /* GraphQL */ `
  query History($first: Int, $after: String) {
    district(id: "marl") {
      caseloadReportsConnection(first: $first, after: $after) {
        edges {
          cursor
          node {
            month
            version
            eligibleJobseekers
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        totalCount
      }
    }
  }
`;

interface HistoryAnswer {
  district: {
    caseloadReportsConnection: Page<{ month: string; version: number; eligibleJobseekers: number }>;
  };
}

describe('cursor pagination through the gateway', () => {
  let districts: DistrictsService;
  let personnel: PersonnelService;
  let gateway: RunningGateway;
  let token: string;
  let hired = 0;

  async function hire(personnelNumber: string) {
    hired += 1;
    return personnel.employees.hire(
      {
        personnelNumber,
        name: `Test Person ${hired}`,
        employer: 'marl',
        workplace: 'marl',
        function: 'BENEFITS_CASEWORK',
        fte: 1,
        startDate: '2025-01-01',
      },
      systemWrite,
    );
  }

  async function employees(variables: Record<string, unknown>) {
    const result = await graphql<{
      employeesConnection: Page<{ id: string; personnelNumber: string }>;
    }>(gateway.url, EMPLOYEES, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data!.employeesConnection;
  }

  beforeAll(async () => {
    [districts, personnel] = await Promise.all([startTestDistricts(), startTestPersonnel()]);
    const urls = {
      SUBGRAPH_DISTRICTS_URL: districts.url,
      SUBGRAPH_PERSONNEL_URL: personnel.url,
    };
    gateway = await startTestGateway(subgraphDefinitions(urls), urls);
    token = await tokenFor('county_hr');
    for (let n = 10; n < 55; n += 1) await hire(`P-${n * 10}`);
  });
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([districts?.stop(), personnel?.stop()]);
  });

  it('covers the list exactly once, in order, while employees are hired between pages', async () => {
    const before = new Set(
      (await personnel.employees.list({ workplaces: ['marl'] })).map((employee) => employee.id),
    );
    const seen: { id: string; personnelNumber: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await employees({ first: 10, after });
      seen.push(...page.edges.map((edge) => edge.node));
      pages += 1;
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      // One hire sorts before everything already read, one after the cursor.
      await hire(`P-0${pages}`);
      await hire(`P-9${pages}99`);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const ids = seen.map((employee) => employee.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of before) expect(ids).toContain(id);
    const numbers = seen.map((employee) => employee.personnelNumber);
    expect(numbers).toEqual([...numbers].sort());
    // The hires after the cursor were read; those before it were not.
    expect(numbers.filter((n) => n.startsWith('P-9')).length).toBeGreaterThan(0);
    expect(numbers.filter((n) => n.startsWith('P-0'))).toEqual([]);
    expect((await employees({ first: 1 })).totalCount).toBe(before.size + 2 * pages);
  });

  it('pages backwards with last and before, newest items of the order last', async () => {
    const all = (await personnel.employees.list({ workplaces: ['marl'] })).map(
      (employee) => employee.personnelNumber,
    );
    const read: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page = await employees({ last: 25, before });
      read.unshift(...page.edges.map((edge) => edge.node.personnelNumber));
      if (!page.pageInfo.hasPreviousPage) break;
      expect(page.pageInfo.hasNextPage).toBe(before !== null);
      before = page.pageInfo.startCursor;
    }
    expect(read).toEqual(all);
  });

  it('refuses a page above the maximum, naming the argument, and changes nothing', async () => {
    for (const [variables, field] of [
      [{ first: 101 }, 'first'],
      [{ last: 500 }, 'last'],
      [{ first: -1 }, 'first'],
      [{ first: 5, last: 5 }, 'last'],
    ] as const) {
      const result = await graphql(gateway.url, EMPLOYEES, variables, token);
      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const refused = await graphql(gateway.url, EMPLOYEES, { first: 101 }, token);
    expect(refused.errors?.[0]?.message).toMatch(/first may be at most 100/);
  });

  it('refuses a cursor it did not give, or one of another list', async () => {
    const history = await graphql<{
      district: { caseloadReportsConnection: Page<unknown> };
    }>(gateway.url, HISTORY, { first: 1 }, token);
    const foreign = Buffer.from(JSON.stringify(['transfers', '2025-01-01', 'x'])).toString(
      'base64url',
    );
    const forged = Buffer.from(
      JSON.stringify(['employees', 'marl', 'BENEFITS_CASEWORK', 'P-100', 'not-a-uuid']),
    ).toString('base64url');
    for (const [variables, field] of [
      [{ first: 5, after: 'garbage!' }, 'after'],
      [{ first: 5, after: foreign }, 'after'],
      [{ first: 5, after: forged }, 'after'],
      [{ last: 5, before: 'e30' }, 'before'],
    ] as const) {
      const result = await graphql(gateway.url, EMPLOYEES, variables, token);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(history.errors).toBeUndefined();
  });

  it('pages a district’s caseload history across the districts subgraph, corrections as one month', async () => {
    const months = Array.from({ length: 14 }, (_, index) => {
      const month = index + 1;
      return month <= 12 ? `2024-${String(month).padStart(2, '0')}` : `2025-0${month - 12}`;
    });
    for (const month of months) {
      await districts.reporting.report({
        districtId: 'marl',
        month,
        figures: aCaseload({ eligibleJobseekers: 5000 }),
        reportedBy: 't',
      });
    }
    await districts.reporting.correct({
      districtId: 'marl',
      month: '2024-03',
      figures: aCaseload({ eligibleJobseekers: 5100 }),
      reason: 'Nachmeldung',
      reportedBy: 't',
    });
    const seen: { month: string; version: number; eligibleJobseekers: number }[] = [];
    let after: string | null = null;
    for (;;) {
      const result: Awaited<ReturnType<typeof graphql<HistoryAnswer>>> =
        await graphql<HistoryAnswer>(gateway.url, HISTORY, { first: 5, after }, token);
      expect(result.errors).toBeUndefined();
      const page = result.data!.district.caseloadReportsConnection;
      expect(page.totalCount).toBe(14);
      seen.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.map((report) => report.month)).toEqual(months);
    expect(seen[2]).toEqual({ month: '2024-03', version: 2, eligibleJobseekers: 5100 });
  });

  it('keeps the deprecated whole lists working', async () => {
    const result = await graphql<{ employees: { id: string }[] }>(
      gateway.url,
      '{ employees(workplace: "marl") { id } }',
      {},
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.employees.length).toBe(
      (await personnel.employees.list({ workplaces: ['marl'] })).length,
    );
  });
});
