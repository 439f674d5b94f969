import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { eventually, ownKafkaBroker, tokenFor } from '@jobcenter/testing';
import { startTestGateway } from './support/gateway';
import type { DistrictsService } from '../services/districts/src/service';
import type { GovernanceService } from '../services/governance/src/service';
import type { PersonnelService } from '../services/personnel/src/service';
import type { BudgetService } from '../services/budget/src/service';
import { aCaseload, startTestDistricts } from '../services/districts/test/support/districts';
import { startTestGovernance } from '../services/governance/test/support/governance';
import { startTestPersonnel } from '../services/personnel/test/support/personnel';
import { startTestBudget } from '../services/budget/test/support/budget';

/** Answers whose shape the test reads as it goes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read fields by name
type Loose = Record<string, any>;

interface Marl {
  district: {
    latestCaseloadReport: { month: string; version: number; eligibleJobseekers: number };
  };
}

interface Staffing {
  district: {
    latestCaseloadReport: { eligibleJobseekers: number };
    staffingRequirement: { integration: { requiredFte: number } };
  };
}

interface Answer<T> {
  cache: string | null;
  /** Read as given; a test that expects errors looks at `errors`. */
  data: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A GraphQL request that also returns the gateway's `x-cache` header. */
async function ask<T = Loose>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<Answer<T>, 'cache'>;
  return { cache: response.headers.get('x-cache'), ...body };
}

/** Asks until the answer comes from the cache (the gateway vouches for its services by then). */
async function cached<T = Loose>(url: string, token: string, query: string, variables = {}) {
  return eventually(async () => {
    const answer = await ask<T>(url, token, query, variables);
    return answer.cache === 'hit' ? answer : null;
  }, `a cached answer from ${url}`);
}

const MARL = `{ district(id: "marl") { latestCaseloadReport { month version eligibleJobseekers } } }`;
const CORRECT = `mutation ($input: CorrectCaseloadReportInput!) { correctCaseloadReport(input: $input) { version } }`;

describe('the response cache at the gateway', () => {
  let districts: DistrictsService;
  let governance: GovernanceService;
  let personnel: PersonnelService;
  let budget: BudgetService;
  let urls: Record<string, string>;
  let a: RunningGateway;
  let b: RunningGateway;
  let uncached: RunningGateway;
  const year = new Date().getUTCFullYear();

  const gateway = (env: Record<string, string> = {}) =>
    startTestGateway(subgraphDefinitions(urls), { ...urls, ...env });

  beforeAll(async () => {
    [districts, governance, personnel, budget] = await Promise.all([
      startTestDistricts(),
      startTestGovernance(),
      startTestPersonnel(),
      startTestBudget(),
    ]);
    urls = {
      SUBGRAPH_DISTRICTS_URL: districts.url,
      SUBGRAPH_GOVERNANCE_URL: governance.url,
      SUBGRAPH_PERSONNEL_URL: personnel.url,
      SUBGRAPH_BUDGET_URL: budget.url,
    };
    [a, b, uncached] = await Promise.all([
      gateway(),
      gateway(),
      gateway({ RESPONSE_CACHE: 'off' }),
    ]);
    await districts.reporting.report({
      districtId: 'marl',
      month: `${year}-01`,
      figures: aCaseload({ eligibleJobseekers: 7000 }),
      reportedBy: 'test',
    });
  });

  afterAll(async () => {
    for (const part of [a, b, uncached, districts, governance, personnel, budget])
      await part?.stop();
  });

  it('keeps answers apart by permission scope: one person as county staff never sees what HR sees', async () => {
    // One subject with two roles: only the roles tell the answers apart.
    const hr = await tokenFor('county_hr', undefined, 'same-person');
    const staff = await tokenFor('county_staff', undefined, 'same-person');
    const hired = await ask(
      uncached.url,
      hr,
      'mutation ($input: HireInput!) { hireEmployee(input: $input) { id } }',
      {
        input: {
          personnelNumber: 'K-900001',
          name: 'Erika Musterfrau',
          employer: 'KREIS',
          workplace: 'marl',
          function: 'BENEFITS_CASEWORK',
          fte: 1,
          startDate: `${year}-01-01`,
        },
      },
    );
    expect(hired.errors).toBeUndefined();
    const EMPLOYEES = '{ employees(workplace: "marl") { personnelNumber name } }';

    const forHr = await cached<{ employees: { name: string | null }[] }>(a.url, hr, EMPLOYEES);
    expect(forHr.data!.employees.map((employee) => employee.name)).toContain('Erika Musterfrau');

    const forStaff = await ask<{ employees: { name: string | null }[] }>(a.url, staff, EMPLOYEES);
    expect(forStaff.cache).not.toBe('hit');
    expect(forStaff.data!.employees.every((employee) => employee.name === null)).toBe(true);
    const again = await cached<{ employees: { name: string | null }[] }>(a.url, staff, EMPLOYEES);
    expect(again.data!.employees.every((employee) => employee.name === null)).toBe(true);
  });

  it('shows a write at once through the gateway that answered it, to another role', async () => {
    const marlStaff = await tokenFor('city_staff', 'marl');
    const county = await tokenFor('county_staff');
    const hr = await tokenFor('county_hr');
    const office = await tokenFor('board_office');
    const member = await tokenFor('board_member');

    // districts: a caseload correction
    await cached(a.url, county, MARL);
    const corrected = await ask(a.url, marlStaff, CORRECT, {
      input: {
        districtId: 'marl',
        month: `${year}-01`,
        figures: aCaseload({ eligibleJobseekers: 7100 }),
        reason: 'Nachmeldung aus der Fachanwendung',
      },
    });
    expect(corrected.errors).toBeUndefined();
    const afterCorrection = await ask(a.url, county, MARL);
    expect(afterCorrection.data!.district.latestCaseloadReport.eligibleJobseekers).toBe(7100);

    // governance: a submission
    const SUBMISSIONS = '{ submissions { title } }';
    await cached(a.url, member, SUBMISSIONS);
    const written = await ask(
      a.url,
      office,
      'mutation ($input: SubmissionInput!) { createSubmission(input: $input) { id } }',
      {
        input: {
          title: 'Vorlage zum Zwischenspeicher',
          text: 'Eine Vorlage, die sofort zu sehen sein muss.',
          authorUnit: 'Geschäftsstelle',
          kind: 'GENERAL',
        },
      },
    );
    expect(written.errors).toBeUndefined();
    const submissions = await ask(a.url, member, SUBMISSIONS);
    expect(submissions.data!.submissions.map((s: { title: string }) => s.title)).toContain(
      'Vorlage zum Zwischenspeicher',
    );

    // personnel: a hire
    const COUNT = '{ employees(workplace: "herten") { personnelNumber } }';
    const before = (await cached(a.url, county, COUNT)).data!.employees.length;
    const hired = await ask(
      a.url,
      hr,
      'mutation ($input: HireInput!) { hireEmployee(input: $input) { id } }',
      {
        input: {
          personnelNumber: 'K-900002',
          name: 'Max Mustermann',
          employer: 'KREIS',
          workplace: 'herten',
          function: 'INTEGRATION_CASEWORK',
          fte: 1,
          startDate: `${year}-02-01`,
        },
      },
    );
    expect(hired.errors).toBeUndefined();
    expect((await ask(a.url, county, COUNT)).data!.employees).toHaveLength(before + 1);

    // budget: a budget line
    const BUDGET = `{ budget(fiscalYear: ${year}) { total } }`;
    const total = (await cached(a.url, member, BUDGET)).data!.budget.total;
    const line = await ask(
      a.url,
      county,
      'mutation ($input: BudgetLineInput!) { setBudgetLine(input: $input) { amount } }',
      { input: { fiscalYear: year, category: 'PERSONNEL_COSTS', source: 'KREIS', amount: 12345 } },
    );
    expect(line.errors).toBeUndefined();
    expect((await ask(a.url, member, BUDGET)).data!.budget.total).toBe(total + 12345);
  });

  it('drops an answer on another replica once its change notice arrives, derived data too', async () => {
    const marlStaff = await tokenFor('city_staff', 'marl');
    const county = await tokenFor('county_staff');
    const STAFFING = `{ district(id: "marl") { latestCaseloadReport { eligibleJobseekers }
      staffingRequirement { integration { requiredFte } } } }`;
    // Personnel has derived the requirement from the report of the setup.
    await eventually(async () => {
      const answer = await ask<Staffing>(uncached.url, county, STAFFING);
      return answer.data.district.staffingRequirement !== null;
    }, 'personnel to know the caseload of Marl');
    const old = await cached<Staffing>(b.url, county, STAFFING);

    const written = await ask(a.url, marlStaff, CORRECT, {
      input: {
        districtId: 'marl',
        month: `${year}-01`,
        figures: aCaseload({
          eligibleJobseekers: old.data.district.latestCaseloadReport.eligibleJobseekers + 1500,
        }),
        reason: 'Nachmeldung aus der Fachanwendung',
      },
    });
    expect(written.errors).toBeUndefined();
    // Personnel derives the requirement from the caseload event: wait until it has, uncached.
    const fresh = await eventually(async () => {
      const answer = await ask<Staffing>(uncached.url, county, STAFFING);
      return answer.data.district.staffingRequirement.integration.requiredFte !==
        old.data.district.staffingRequirement.integration.requiredFte
        ? answer
        : null;
    }, 'personnel to apply the caseload event');
    const onB = await eventually(async () => {
      const answer = await ask<Staffing>(b.url, county, STAFFING);
      return JSON.stringify(answer.data) === JSON.stringify(fresh.data) ? answer : null;
    }, 'replica b to drop its old answer');
    expect(onB.data).toEqual(fresh.data);
  });

  it('answers as the uncached graph does, for the queries of the README', async () => {
    const queries = [
      '{ units { id name kind ... on District { sizeGroup latestCaseloadReport { month benefitHouseholds eligibleJobseekers } } } }',
      `{ openDissentDecisions { number } districts { name latestCaseloadReport { month eligibleJobseekers } benchmark(month: "${year}-01") { k1 { value rank } k2 { value rank } k3 { value rank } } } }`,
      '{ staffingKey { householdsPerBenefitsPost resolutionNumber } districts { name staffingRequirement { benefits { requiredFte heldFte gapFte } } } }',
      `{ allocation(fiscalYear: ${year}) { pool } districts { name budgetAllocation(fiscalYear: ${year}) { allocated spent remaining } } }`,
    ];
    const member = await tokenFor('board_member');
    for (const query of queries) {
      const fromCache = await cached(a.url, member, query);
      const direct = await ask(uncached.url, member, query);
      expect(direct.cache).toBeNull();
      expect(fromCache.data).toEqual(direct.data);
      expect(fromCache.errors).toEqual(direct.errors);
    }
  });

  it('starts cold after a restart and answers correctly', async () => {
    const county = await tokenFor('county_staff');
    await cached(a.url, county, MARL);
    await a.stop();
    a = await gateway();
    const first = await ask(a.url, county, MARL);
    expect(first.cache).toMatch(/^miss/);
    expect(first.data).toEqual((await ask(uncached.url, county, MARL)).data);
  });

  it('does not let a caller who went away hold up the next one', async () => {
    const county = await tokenFor('county_staff');
    const QUERY = '{ units { id name } }';
    // Callers of the same query who give up while it is looked up or computed.
    for (let i = 0; i < 20; i += 1) {
      const controller = new AbortController();
      const abandoned = fetch(a.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${county}` },
        body: JSON.stringify({ query: QUERY }),
        signal: controller.signal,
      }).catch(() => undefined);
      if (i % 2 === 0) controller.abort();
      else setImmediate(() => controller.abort());
      await abandoned;
    }
    const answer = await ask(a.url, county, QUERY);
    expect(answer.data!.units).toHaveLength(11);
  });
});

describe('subgraph requests: deduplication and their own cache', () => {
  let districts: DistrictsService;
  let governance: GovernanceService;
  let gateway: RunningGateway;
  let cachedGateway: RunningGateway;
  let proxy: http.Server;
  const seen: string[] = [];
  const held: (() => void)[] = [];
  let hold = 1;

  beforeAll(async () => {
    [districts, governance] = await Promise.all([startTestDistricts(), startTestGovernance()]);
    // Counts what reaches the districts subgraph; while `hold` is set it holds the requests until
    // that many have arrived, so that the gateway's requests are surely in flight together.
    proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push(`${req.headers.authorization} ${body.toString()}`);
        const forward = () => {
          const upstream = http.request(
            districts.url,
            { method: 'POST', headers: { ...req.headers, 'content-length': body.length } },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          upstream.end(body);
        };
        held.push(forward);
        if (held.length >= hold) held.splice(0).forEach((release) => release());
      });
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
    const urls = { SUBGRAPH_DISTRICTS_URL: url, SUBGRAPH_GOVERNANCE_URL: governance.url };
    [gateway, cachedGateway] = await Promise.all([
      startTestGateway(subgraphDefinitions(urls), { ...urls, RESPONSE_CACHE: 'off' }),
      startTestGateway(subgraphDefinitions(urls), urls),
    ]);
  });

  afterAll(async () => {
    await gateway?.stop();
    await cachedGateway?.stop();
    await new Promise((done) => proxy?.close(done));
    await districts?.stop();
    await governance?.stop();
  });

  it('sends identical concurrent requests once, but never shares between tokens', async () => {
    const [county, board] = await Promise.all([tokenFor('county_staff'), tokenFor('board_member')]);
    seen.length = 0;
    hold = 2;
    const answers = await Promise.all(
      [county, county, county, county, county, board, board, board, board, board].map((token) =>
        ask(gateway.url, token, '{ districts { id name } }'),
      ),
    );
    hold = 1;

    expect(answers.every((answer) => answer.data?.districts?.length === 10)).toBe(true);
    expect(seen).toHaveLength(2);
    expect(new Set(seen.map((request) => request.split(' ')[1])).size).toBe(2);
  });

  it('recomputes an answer after a change by asking only the service that changed', async () => {
    const office = await tokenFor('board_office');
    const QUERY = '{ districts { id name } submissions { title } }';
    await cached(cachedGateway.url, office, QUERY);
    seen.length = 0;

    const written = await ask(
      cachedGateway.url,
      office,
      'mutation ($input: SubmissionInput!) { createSubmission(input: $input) { id } }',
      {
        input: {
          title: 'Vorlage nach der Änderung',
          text: 'Eine Vorlage, die nur die Geschäftsstelle schreibt.',
          authorUnit: 'Geschäftsstelle',
          kind: 'GENERAL',
        },
      },
    );
    expect(written.errors).toBeUndefined();
    const answer = await ask(cachedGateway.url, office, QUERY);

    expect(answer.cache).toMatch(/^miss/);
    expect(answer.data.submissions.map((s: { title: string }) => s.title)).toContain(
      'Vorlage nach der Änderung',
    );
    expect(answer.data.districts).toHaveLength(10);
    expect(seen).toHaveLength(0);
  });
});

describe('the response cache while the broker is away', () => {
  const broker = ownKafkaBroker('response-cache');
  let brokers: string[];
  let districts: DistrictsService;
  let a: RunningGateway;
  let b: RunningGateway;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    brokers = broker.start();
    districts = await startTestDistricts({ brokers });
    const urls = { SUBGRAPH_DISTRICTS_URL: districts.url };
    const env = { ...urls, KAFKA_BROKERS: brokers.join(',') };
    [a, b] = await Promise.all([
      startTestGateway(subgraphDefinitions(urls), env),
      startTestGateway(subgraphDefinitions(urls), env),
    ]);
    await districts.reporting.report({
      districtId: 'marl',
      month: `${year}-01`,
      figures: aCaseload({ eligibleJobseekers: 7000 }),
      reportedBy: 'test',
    });
  }, 180_000);

  afterAll(async () => {
    for (const part of [a, b, districts]) await part?.stop();
    broker.stop();
  });

  it('while the broker is away: the writer shows a write at once, the other replica stops serving from its cache', async () => {
    const county = await tokenFor('county_staff');
    const marlStaff = await tokenFor('city_staff', 'marl');
    await cached(a.url, county, MARL);
    await cached(b.url, county, MARL);

    broker.stop();
    const written = await ask(a.url, marlStaff, CORRECT, {
      input: {
        districtId: 'marl',
        month: `${year}-01`,
        figures: aCaseload({ eligibleJobseekers: 7300 }),
        reason: 'Nachmeldung aus der Fachanwendung',
      },
    });
    expect(written.errors).toBeUndefined();
    const onA = await ask<Marl>(a.url, county, MARL);
    expect(onA.data.district.latestCaseloadReport.eligibleJobseekers).toBe(7300);
    // b hears of the change only through Kafka: without heartbeats it stops serving from the cache.
    const onB = await eventually(
      async () => {
        const answer = await ask<Marl>(b.url, county, MARL);
        return answer.data.district.latestCaseloadReport.eligibleJobseekers === 7300
          ? answer
          : null;
      },
      'replica b to stop serving its old answer',
      10_000,
    );
    expect(onB.cache).not.toBe('hit');

    broker.start();
    const again = await cached<Marl>(b.url, county, MARL);
    expect(again.data.district.latestCaseloadReport.eligibleJobseekers).toBe(7300);
  }, 180_000);
});
