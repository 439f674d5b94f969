import { SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import { DEVELOPMENT_JWT_SECRET, type CityId, type Role } from '@jobcenter/auth';
import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { eventually, ownKafkaBroker, tokenFor } from '@jobcenter/testing';
import { startTestGateway } from './support/gateway';
import { startTestDistricts } from '../services/districts/test/support/districts';
import { startTestGovernance } from '../services/governance/test/support/governance';
import { startTestPersonnel } from '../services/personnel/test/support/personnel';
import { startTestBudget } from '../services/budget/test/support/budget';

/**
 * Bad input, generated as a table, through the gateway and straight at each subgraph: wrong
 * types, out-of-range and future values, unknown and other cities' ids, malformed bodies,
 * oversized and deeply nested documents, alias floods, batches, expired, forged and `alg: none`
 * tokens. Each is answered with a documented code (docs/errors.md) and, where there is one, the
 * field; nothing crashes, nothing answers 5xx, no row and no event is written.
 */

const DOCUMENTED = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'MISDIRECTED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

type Target = 'gateway' | 'districts' | 'governance' | 'personnel' | 'budget';
const SUBGRAPHS: Target[] = ['districts', 'governance', 'personnel', 'budget'];

interface Case {
  name: string;
  targets: Target[];
  /** A body sent as it is (malformed JSON), or an operation. */
  raw?: string;
  /** Sent by GET with this query string instead. */
  get?: string;
  query?: string;
  variables?: Record<string, unknown>;
  /** The token's role (and city); `none` sends no header; a string starting with "Bearer" is sent as it is. */
  token: { role: Role; city?: CityId } | 'none' | { header: string };
  expect: { status?: number; code: string; field?: string };
}

const REPORT = `mutation ($input: ReportCaseloadInput!) { reportCaseload(input: $input) { id } }`;
const CORRECT = `mutation ($input: CorrectCaseloadReportInput!) { correctCaseloadReport(input: $input) { id } }`;
const SUBMIT = `mutation ($input: SubmissionInput!) { createSubmission(input: $input) { id } }`;
const SPEND = `mutation ($input: SpendingInput!) { recordSpending(input: $input) { id } }`;
const HIRE = `mutation ($input: HireInput!) { hireEmployee(input: $input) { id } }`;

const figures = {
  benefitHouseholds: 4210,
  eligibleJobseekers: 5870,
  eligibleJobseekersUnder25: 1230,
  longTermRecipients: 3760,
  integrations: 88,
  subsistenceBenefits: 261_020_000,
};
const report = { districtId: 'marl', month: '2025-10', figures };
const submission = {
  title: 'Arbeitsmarktprogramm',
  text: 'Das Programm für das kommende Jahr wird vorgelegt.',
  kind: 'GENERAL',
  authorUnit: 'Fachbereich',
};
const spending = {
  districtId: 'marl',
  fiscalYear: 2025,
  kind: 'EXPENDITURE',
  legalBasis: '§ 16 SGB II',
  purpose: 'Maßnahme',
  amount: 100_00,
  bookedOn: '2025-10-01',
  documentReference: 'B-1',
};
const hire = {
  name: 'Erika Beispiel',
  personnelNumber: 'P-1',
  employer: 'KREIS',
  function: 'BENEFITS_CASEWORK',
  fte: 1,
  workplace: 'marl',
  startDate: '2025-01-01',
};

const COUNTY = { role: 'county_staff' as const };
const MARL = { role: 'city_staff' as const, city: 'marl' as const };
const OFFICE = { role: 'board_office' as const };
const COUNTY_HR = { role: 'county_hr' as const };

/**
 * A variable of the wrong type: refused before anything runs, naming the path: with 400 for the
 * built-in types; a custom scalar's value (YearMonth, Cents) is refused by the subgraph that owns
 * it (400 there, 200 in the gateway's answer, which passes it on).
 */
const wrongType = (
  name: string,
  query: string,
  base: Record<string, unknown>,
  path: string[],
  value: unknown,
  token: Case['token'],
  targets: Target[],
  customScalar = false,
): Case => {
  const input = structuredClone(base);
  let at: Record<string, unknown> = input;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  if (value === undefined) delete at[path.at(-1)!];
  else at[path.at(-1)!] = value;
  return {
    name: `${name}: ${path.join('.')} = ${JSON.stringify(value) ?? 'missing'}`,
    targets,
    query,
    variables: { input },
    token,
    expect: {
      status: customScalar ? undefined : 400,
      code: 'BAD_USER_INPUT',
      field: ['input', ...path].join('.'),
    },
  };
};

/** A value of the right type that a rule of the domain refuses, naming the field. */
const refused = (
  name: string,
  query: string,
  input: Record<string, unknown>,
  token: Case['token'],
  targets: Target[],
  expected: Case['expect'],
): Case => ({ name, targets, query, variables: { input }, token, expect: expected });

function cases(): Case[] {
  const table: Case[] = [];
  const toDistricts: Target[] = ['gateway', 'districts'];
  const toGovernance: Target[] = ['gateway', 'governance'];
  const toBudget: Target[] = ['gateway', 'budget'];
  const toPersonnel: Target[] = ['gateway', 'personnel'];
  const everywhere: Target[] = ['gateway', ...SUBGRAPHS];

  // Wrong types of every caseload figure (counts are Int, subsistenceBenefits is Cents).
  const counts = Object.keys(figures).filter((field) => field !== 'subsistenceBenefits');
  for (const field of counts)
    for (const value of ['12', 1.5, null, 2 ** 31, true, [1], { n: 1 }])
      table.push(
        wrongType('report', REPORT, report, ['figures', field], value, COUNTY, toDistricts),
      );
  for (const value of [1.5, 'a lot', '12.5', true, [1], { n: 1 }])
    table.push(
      wrongType(
        'report',
        REPORT,
        report,
        ['figures', 'subsistenceBenefits'],
        value,
        COUNTY,
        toDistricts,
        true,
      ),
    );
  table.push(
    wrongType(
      'report',
      REPORT,
      report,
      ['figures', 'subsistenceBenefits'],
      null,
      COUNTY,
      toDistricts,
    ),
  );
  for (const field of Object.keys(figures))
    table.push(
      wrongType('report', REPORT, report, ['figures', field], undefined, COUNTY, toDistricts),
    );
  for (const value of ['2025-13', '2025-1', 'Oktober', '', 202510])
    table.push(wrongType('report', REPORT, report, ['month'], value, COUNTY, toDistricts, true));
  table.push(wrongType('report', REPORT, report, ['month'], null, COUNTY, toDistricts));
  table.push(wrongType('report', REPORT, report, ['districtId'], null, COUNTY, toDistricts));
  table.push(wrongType('report', REPORT, report, ['unknownField'], 1, COUNTY, toDistricts));
  // Values of the right type the rules refuse.
  for (const field of Object.keys(figures))
    table.push(
      refused(
        `report: negative ${field}`,
        REPORT,
        { ...report, figures: { ...figures, [field]: -1 } },
        COUNTY,
        toDistricts,
        {
          code: 'BAD_USER_INPUT',
          field: `figures.${field}`,
        },
      ),
    );
  table.push(
    refused(
      'report: more under 25 than in total',
      REPORT,
      { ...report, figures: { ...figures, eligibleJobseekersUnder25: 6000 } },
      COUNTY,
      toDistricts,
      {
        code: 'BAD_USER_INPUT',
        field: 'figures.eligibleJobseekersUnder25',
      },
    ),
    refused(
      'report: a future month',
      REPORT,
      { ...report, month: '2099-01' },
      COUNTY,
      toDistricts,
      {
        code: 'BAD_USER_INPUT',
        field: 'month',
      },
    ),
    refused(
      'report: an unknown district',
      REPORT,
      { ...report, districtId: 'atlantis' },
      COUNTY,
      toDistricts,
      {
        code: 'NOT_FOUND',
        field: 'districtId',
      },
    ),
    refused(
      'report: another city’s district',
      REPORT,
      { ...report, districtId: 'herten' },
      MARL,
      toDistricts,
      {
        code: 'FORBIDDEN',
      },
    ),
    refused(
      'correct: a month never reported',
      CORRECT,
      { ...report, reason: 'Tippfehler' },
      COUNTY,
      toDistricts,
      {
        code: 'NOT_FOUND',
      },
    ),
  );
  // Submissions.
  for (const [path, value] of [
    [['title'], 5],
    [['title'], null],
    [['text'], undefined],
    [['kind'], 'GOSSIP'],
    [['kind'], 3],
    [['authorUnit'], null],
  ] as [string[], unknown][])
    table.push(wrongType('submission', SUBMIT, submission, path, value, OFFICE, toGovernance));
  table.push(
    refused(
      'submission: one-character text',
      SUBMIT,
      { ...submission, text: 'x' },
      OFFICE,
      toGovernance,
      {
        code: 'BAD_USER_INPUT',
        field: 'text',
      },
    ),
    refused(
      'submission: a title of two characters',
      SUBMIT,
      { ...submission, title: 'ab' },
      OFFICE,
      toGovernance,
      {
        code: 'BAD_USER_INPUT',
        field: 'title',
      },
    ),
    refused('submission: by a city’s staff', SUBMIT, submission, MARL, toGovernance, {
      code: 'FORBIDDEN',
    }),
  );
  // Spending.
  for (const value of ['a lot', 1.5])
    table.push(wrongType('spending', SPEND, spending, ['amount'], value, MARL, toBudget, true));
  for (const [path, value] of [
    [['fiscalYear'], '2025'],
    [['kind'], 'GIFT'],
    [['districtId'], null],
    [['bookedOn'], undefined],
  ] as [string[], unknown][])
    table.push(wrongType('spending', SPEND, spending, path, value, MARL, toBudget));
  table.push(
    refused(
      'spending: for another city',
      SPEND,
      { ...spending, districtId: 'herten' },
      MARL,
      toBudget,
      {
        code: 'FORBIDDEN',
      },
    ),
    refused('spending: by county staff', SPEND, spending, COUNTY, toBudget, { code: 'FORBIDDEN' }),
  );
  // Hiring.
  for (const [path, value] of [
    [['fte'], 'full'],
    [['employer'], 'NASA'],
    [['function'], 'ASTRONAUT'],
    [['name'], null],
    [['workplace'], undefined],
  ] as [string[], unknown][])
    table.push(wrongType('hire', HIRE, hire, path, value, COUNTY_HR, toPersonnel));
  table.push(
    refused('hire: by reporting', HIRE, hire, { role: 'reporting' }, toPersonnel, {
      code: 'FORBIDDEN',
    }),
  );

  // What any endpoint gets: bodies, documents, tokens.
  const ask = (name: string, partial: Omit<Case, 'name' | 'targets'>, targets = everywhere) =>
    table.push({ name, targets, ...partial });
  ask('a body that is not JSON', {
    raw: '{"query": "{ __typename }"',
    token: COUNTY,
    expect: { status: 400, code: 'BAD_REQUEST' },
  });
  ask('a body with a NUL byte', {
    raw: '{"query": "{ \u0000 }"}',
    token: COUNTY,
    expect: { status: 400, code: 'BAD_REQUEST' },
  });
  ask('a batch of operations', {
    raw: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    token: COUNTY,
    expect: { status: 400, code: 'BAD_REQUEST' },
  });
  ask('a flood of batched operations', {
    raw: JSON.stringify(Array.from({ length: 500 }, () => ({ query: '{ __typename }' }))),
    token: COUNTY,
    expect: { status: 400, code: 'BAD_REQUEST' },
  });
  ask('a body over 1 MB', {
    raw: JSON.stringify({ query: `{ __typename } #${'x'.repeat(1_100_000)}` }),
    token: COUNTY,
    expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  });
  ask('not GraphQL', {
    query: '{ units { id ',
    token: COUNTY,
    expect: { status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  });
  ask('a field that does not exist', {
    query: '{ nothingHere }',
    token: COUNTY,
    expect: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  });
  ask(
    'a literal of the wrong type',
    {
      query: '{ district(id: true) { id } }',
      token: COUNTY,
      expect: { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
    },
    ['gateway', 'districts'],
  );
  const aliases = (n: number, field: string) =>
    `{ ${Array.from({ length: n }, (_, index) => `a${index}: ${field}`).join(' ')} }`;
  for (const n of [1000, 40]) {
    const expected = { status: 400, code: 'QUERY_TOO_COMPLEX' };
    ask(`${n} aliases`, { query: aliases(n, 'units { id }'), token: COUNTY, expect: expected }, [
      'gateway',
    ]);
    ask(
      `${n} aliases`,
      { query: aliases(n, '_service { sdl }'), token: COUNTY, expect: expected },
      SUBGRAPHS,
    );
  }
  ask(
    'a document nested 30 deep',
    {
      query: `{ ${'district(id: "marl") { latestCaseloadReport { district { '.repeat(10)} id ${'} } } '.repeat(10)} }`,
      token: COUNTY,
      expect: { status: 400, code: 'QUERY_TOO_COMPLEX' },
    },
    ['gateway', 'districts'],
  );
  ask('100 directives', {
    query: `{ __typename ${'@include(if: true) '.repeat(100)} }`,
    token: COUNTY,
    expect: { status: 400, code: 'QUERY_TOO_COMPLEX' },
  });
  // Without a token: 401 at the gateway; a subgraph refuses the fields that need one.
  ask(
    'no token',
    {
      query: REPORT,
      variables: { input: report },
      token: 'none',
      expect: { status: 401, code: 'UNAUTHENTICATED' },
    },
    ['gateway'],
  );
  for (const [target, query] of [
    ['districts', REPORT],
    ['governance', '{ submissions { id } }'],
    ['personnel', '{ employees { id } }'],
    ['budget', '{ budget(fiscalYear: 2025) { total } }'],
  ] as const)
    ask(
      'no token',
      { query, variables: { input: report }, token: 'none', expect: { code: 'UNAUTHENTICATED' } },
      [target],
    );
  ask('a token that is not a JWT', {
    query: REPORT,
    variables: { input: report },
    token: { header: 'Bearer not-a-token' },
    expect: { status: 401, code: 'UNAUTHENTICATED' },
  });
  ask('a header that is not Bearer', {
    query: REPORT,
    variables: { input: report },
    token: { header: 'Basic dXNlcjpwYXNz' },
    expect: { status: 401, code: 'UNAUTHENTICATED' },
  });
  for (const kind of [
    'expired',
    'forged',
    'alg none',
    'wrong audience',
    'wrong issuer',
    'no roles',
  ] as const)
    ask(`a token: ${kind}`, {
      query: REPORT,
      variables: { input: report },
      token: { header: `Bearer ${kind}` },
      expect: { status: 401, code: 'UNAUTHENTICATED' },
    });
  // Ways around the checks that read the document: a GET (its URL parsed past 1,000 pairs), a
  // document named by hash or id without a token.
  const get = `${'&'.repeat(1000)}query=${encodeURIComponent('{ districts { id } }')}`;
  ask('an operation by GET, its query past 1,000 empty pairs', {
    get,
    token: 'none',
    expect: { status: 405, code: 'BAD_REQUEST' },
  });
  ask('an operation by GET', {
    get: `query=${encodeURIComponent('{ __typename }')}`,
    token: COUNTY,
    expect: { status: 405, code: 'BAD_REQUEST' },
  });
  const persisted = { version: 1, sha256Hash: 'a'.repeat(64) };
  ask(
    'a persisted-query hash without a token',
    {
      raw: JSON.stringify({ extensions: { persistedQuery: persisted } }),
      token: 'none',
      expect: { status: 401, code: 'UNAUTHENTICATED' },
    },
    ['gateway'],
  );
  ask(
    'a documentId without a token',
    {
      raw: JSON.stringify({ documentId: `sha256:${'a'.repeat(64)}` }),
      token: 'none',
      expect: { status: 401, code: 'UNAUTHENTICATED' },
    },
    ['gateway'],
  );
  ask(
    'introspection text beside a documentId, without a token',
    {
      raw: JSON.stringify({ query: '{ __typename }', documentId: 'x' }),
      token: 'none',
      expect: { status: 401, code: 'UNAUTHENTICATED' },
    },
    ['gateway'],
  );
  ask('a persisted-query hash (not supported)', {
    raw: JSON.stringify({ extensions: { persistedQuery: persisted } }),
    token: COUNTY,
    expect: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
  });
  return table;
}

/** Tokens that fail verification, each for its own reason. */
async function badTokens(): Promise<Record<string, string>> {
  const key = new TextEncoder().encode(DEVELOPMENT_JWT_SECRET);
  const claims = { roles: ['county_staff'] };
  const sign = (build: (jwt: SignJWT) => SignJWT, secret = key) =>
    build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('attacker')).sign(
      secret,
    );
  const base = (jwt: SignJWT) => jwt.setIssuer('jobcenter-dev').setAudience('jobcenter-graph');
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({
      ...claims,
      sub: 'attacker',
      iss: 'jobcenter-dev',
      aud: 'jobcenter-graph',
      exp: 4_102_444_800,
    }),
  ).toString('base64url');
  return {
    expired: await sign((jwt) =>
      base(jwt).setIssuedAt(1_600_000_000).setExpirationTime(1_600_000_600),
    ),
    forged: await sign(
      (jwt) => base(jwt).setExpirationTime('1h'),
      new TextEncoder().encode('x'.repeat(40)),
    ),
    'alg none': `${header}.${payload}.`,
    'wrong audience': await sign((jwt) =>
      jwt.setIssuer('jobcenter-dev').setAudience('elsewhere').setExpirationTime('1h'),
    ),
    'wrong issuer': await sign((jwt) =>
      jwt.setIssuer('evil').setAudience('jobcenter-graph').setExpirationTime('1h'),
    ),
    'no roles': await new SignJWT({ roles: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('attacker')
      .setIssuer('jobcenter-dev')
      .setAudience('jobcenter-graph')
      .setExpirationTime('1h')
      .sign(key),
  };
}

/** Every row of every table of a service's database (the outbox included). */
async function rowsOf(dataSource: DataSource): Promise<Record<string, number>> {
  const tables = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )) as { table_name: string }[];
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = (await dataSource.query(`SELECT count(*)::int AS n FROM "${table}"`)) as {
      n: number;
    }[];
    counts[table] = row!.n;
  }
  return counts;
}

/**
 * The services' own start-up traffic (the districts' events reaching the other services) is
 * over: no outbox row is pending anywhere, every service that keeps districts has all ten,
 * governance has rendered its OParl objects, and nothing moved between two looks.
 */
async function settled(dataSources: DataSource[]): Promise<Record<string, number>[]> {
  let previous = '';
  return eventually(async () => {
    const snapshot = await Promise.all(dataSources.map(rowsOf));
    const pending = await Promise.all(
      dataSources.map(
        async (dataSource) =>
          (
            (await dataSource.query(
              `SELECT count(*)::int AS n FROM outbox_event WHERE status = 'pending'`,
            )) as { n: number }[]
          )[0]!.n,
      ),
    );
    const copies = snapshot.every(
      (counts) =>
        (counts.district_copy === undefined || counts.district_copy === 10) &&
        // governance's OParl objects rendered from what arrived
        !counts.oparl_pending,
    );
    const current = JSON.stringify(snapshot);
    const still = current === previous;
    previous = current;
    return still && copies && pending.every((n) => n === 0) ? snapshot : null;
  }, 'the services to finish their start-up events');
}

describe('bad input, at the gateway and at each subgraph', () => {
  const services: Partial<
    Record<Target, { url: string; dataSource: DataSource; stop: () => Promise<void> }>
  > = {};
  let gateway: RunningGateway;
  // A broker of its own: no other suite's events reach these services while rows are counted.
  const broker = ownKafkaBroker('bad-input');

  beforeAll(async () => {
    const brokers = broker.start();
    const [districts, governance, personnel, budget] = await Promise.all([
      startTestDistricts({ brokers }),
      startTestGovernance({ brokers }),
      startTestPersonnel({ brokers }),
      startTestBudget({ brokers }),
    ]);
    Object.assign(services, { districts, governance, personnel, budget });
    const urls = {
      SUBGRAPH_DISTRICTS_URL: districts.url,
      SUBGRAPH_GOVERNANCE_URL: governance.url,
      SUBGRAPH_PERSONNEL_URL: personnel.url,
      SUBGRAPH_BUDGET_URL: budget.url,
    };
    gateway = await startTestGateway(subgraphDefinitions(urls), {
      ...urls,
      KAFKA_BROKERS: brokers.join(','),
    });
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(SUBGRAPHS.map((name) => services[name]?.stop()));
    broker.stop();
  });

  it('answers each with a documented code and its field, without a 5xx, and writes nothing', async () => {
    const table = cases();
    const tokens = await badTokens();
    const before = await settled(SUBGRAPHS.map((name) => services[name]!.dataSource));
    const byCode = new Map<string, number>();
    const wrong: string[] = [];
    let tried = 0;
    for (const entry of table) {
      let header: string | undefined;
      if (entry.token === 'none') header = undefined;
      else if ('header' in entry.token) {
        const named = entry.token.header.replace(/^Bearer /, '');
        header = tokens[named] ? `Bearer ${tokens[named]}` : entry.token.header;
      } else header = `Bearer ${await tokenFor(entry.token.role, entry.token.city)}`;
      for (const target of entry.targets) {
        tried += 1;
        const url = target === 'gateway' ? gateway.url : services[target]!.url;
        const response = await fetch(entry.get === undefined ? url : `${url}?${entry.get}`, {
          method: entry.get === undefined ? 'POST' : 'GET',
          headers: {
            'apollo-require-preflight': '1',
            'content-type': 'application/json',
            ...(header ? { authorization: header } : {}),
          },
          body:
            entry.get !== undefined
              ? undefined
              : (entry.raw ??
                JSON.stringify({ query: entry.query, variables: entry.variables ?? {} })),
        });
        const text = await response.text();
        let body: {
          data?: unknown;
          errors?: { message: string; extensions?: Record<string, unknown> }[];
        };
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          wrong.push(
            `${target} ${entry.name}: HTTP ${response.status}, not JSON: ${text.slice(0, 80)}`,
          );
          continue;
        }
        const error = body.errors?.[0];
        const code = String(error?.extensions?.code ?? 'none');
        byCode.set(code, (byCode.get(code) ?? 0) + 1);
        const problems = [
          response.status >= 500 && `HTTP ${response.status}`,
          !DOCUMENTED.has(code) && `undocumented code ${code}`,
          code !== entry.expect.code && `code ${code}, expected ${entry.expect.code}`,
          entry.expect.status !== undefined &&
            response.status !== entry.expect.status &&
            `HTTP ${response.status}, expected ${entry.expect.status}`,
          entry.expect.field !== undefined &&
            error?.extensions?.field !== entry.expect.field &&
            `field ${String(error?.extensions?.field)}, expected ${entry.expect.field}`,
          !error?.message && 'no message',
        ].filter(Boolean);
        if (problems.length)
          wrong.push(`${target} ${entry.name}: ${problems.join('; ')} (${error?.message})`);
      }
    }
    const after = await Promise.all(SUBGRAPHS.map((name) => rowsOf(services[name]!.dataSource)));
    console.log(
      `bad input: ${table.length} cases, ${tried} requests; answers by code: ${[...byCode]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, count]) => `${code} ${count}`)
        .join(', ')}`,
    );
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(200);
    expect(after).toEqual(before);
    // Nothing crashed: every service still answers.
    for (const name of SUBGRAPHS) {
      const ready = await fetch(services[name]!.url.replace('/graphql', '/ready'));
      expect(ready.status).toBe(200);
    }
  });
});
