import { readFileSync } from 'node:fs';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { CITY_IDS, DEPARTMENT_ID } from '@jobcenter/auth';
import { parseDistrictRouting, type DistrictInstance } from '../src/district-instances';
import {
  instanceUnavailable,
  mergeEntities,
  mergeFanOut,
  type InstanceAnswer,
} from '../src/district-answers';
import { planDistrictsRequest, type DistrictsPlan, type Json } from '../src/district-operation';
import { loadDistrictRoutes, type DistrictRoutes } from '../src/district-routes';
import { SUBGRAPHS } from '../src/subgraphs';

/**
 * Reading the planner's requests to the districts subgraph and merging the instances' answers,
 * without a network: each instance is the districts schema executed in process over the
 * districts it owns. Marl's instance owns Marl and Castrop-Rauxel (so that its districts fall
 * among the others'); the central one the rest and the Fachbereich.
 */
const routing = parseDistrictRouting(
  JSON.stringify([
    { name: 'marl', url: 'http://marl:4101/graphql', districts: ['marl', 'castrop-rauxel'] },
    { name: 'central', url: 'http://districts:4101/graphql', districts: '*' },
  ]),
);
const [marl, central] = routing.instances as [DistrictInstance, DistrictInstance];
const routes = loadDistrictRoutes();
const sdl = readFileSync(
  SUBGRAPHS.find((subgraph) => subgraph.name === 'districts')!.sdlPath,
  'utf8',
);

/** A district whose latest report fails to load, to see where its error lands. */
const FAILING = 'marl';

function instanceSchema(instance: DistrictInstance) {
  const owned = (id: string) => routing.ownerOf(id) === instance;
  const hostsDepartment = routing.central === instance;
  const district = (id: string) => ({ id, name: `Bezirksstelle ${id}`, kind: 'DISTRICT_OFFICE' });
  const department = { id: DEPARTMENT_ID, name: 'Fachbereich Jobcenter', kind: 'DEPARTMENT' };
  // Each instance lists in its own order, as the merge must not rely on it.
  const districts = CITY_IDS.filter(owned).reverse().map(district);
  return buildSubgraphSchema({
    typeDefs: parse(sdl),
    resolvers: {
      Query: {
        units: () => (hostsDepartment ? [department, ...districts] : districts),
        districts: () => districts,
        district: (_: unknown, { id }: { id: string }) => (owned(id) ? district(id) : null),
        department: () => (hostsDepartment ? department : null),
      },
      JobcenterUnit: {
        __resolveType: (unit: { kind: string }) =>
          unit.kind === 'DEPARTMENT' ? 'JobcenterDepartment' : 'District',
      },
      District: {
        __resolveReference: ({ id }: { id: string }) => (owned(id) ? district(id) : null),
        latestCaseloadReport: ({ id }: { id: string }) => {
          if (id === FAILING) throw new Error('the latest report cannot be read');
          return null;
        },
      },
      JobcenterDepartment: {
        __resolveReference: () => (hostsDepartment ? department : null),
      },
    } as never,
  });
}
const schemas = new Map(routing.instances.map((instance) => [instance, instanceSchema(instance)]));

/** What an instance answers to a query, as it comes over the wire. */
async function ask(instance: DistrictInstance, query: string, variables: Json = {}) {
  const result = await execute({
    schema: schemas.get(instance)!,
    document: parse(query),
    variableValues: variables,
  });
  return {
    instance,
    response: JSON.parse(JSON.stringify(result)) as GatewayGraphQLResponse,
  } satisfies InstanceAnswer;
}

const plan = (query: string, variables: Json = {}, declared: DistrictRoutes = routes) =>
  planDistrictsRequest({ query, variables }, declared, routing);

/** The plan of a query over several instances, asked and merged. */
async function fanOut(query: string, variables: Json = {}) {
  const planned = plan(query, variables);
  if (planned.kind !== 'fanOut') throw new Error(`not a fan-out: ${planned.kind}`);
  const answers = await Promise.all(
    planned.targets.map((instance) => ask(instance, planned.query, variables)),
  );
  return { planned, merged: mergeFanOut(planned.fields, answers) };
}

const ids = (items: unknown) => (items as { id: string }[]).map((item) => item.id);
const target = (planned: DistrictsPlan) =>
  planned.kind === 'one' ? planned.instance.name : planned.kind;

describe('routing an operation over the districts instances', () => {
  it('asks every instance for a list field and merges the items in the declared order', async () => {
    const { planned, merged } = await fanOut(
      '{ units { id kind } districts { id name } department { name } }',
    );
    expect(planned.kind === 'fanOut' && planned.targets.map((i) => i.name)).toEqual([
      'marl',
      'central',
    ]);
    expect(merged.errors).toBeUndefined();
    // District offices by id, then the Fachbereich; without the merge keys.
    expect(merged.data!.units).toEqual([
      ...CITY_IDS.map((id) => ({ id, kind: 'DISTRICT_OFFICE' })),
      { id: DEPARTMENT_ID, kind: 'DEPARTMENT' },
    ]);
    expect(merged.data!.districts).toEqual(
      CITY_IDS.map((id) => ({ id, name: `Bezirksstelle ${id}` })),
    );
    expect(merged.data!.department).toEqual({ name: 'Fachbereich Jobcenter' });
  });

  it('lists an item that two instances both return once', () => {
    const twice = (instance: DistrictInstance): InstanceAnswer => ({
      instance,
      response: {
        data: {
          districts: [{ id: 'marl', jobcenterRoutingId: 'marl', jobcenterRoutingType: 'District' }],
        },
      },
    });
    const planned = plan('{ districts { id } }');
    if (planned.kind !== 'fanOut') throw new Error(planned.kind);
    expect(mergeFanOut(planned.fields, [twice(marl), twice(central)]).data).toEqual({
      districts: [{ id: 'marl' }],
    });
  });

  it('moves the path of an error in a list item to the item’s merged place', async () => {
    const { merged } = await fanOut('{ districts { id latestCaseloadReport { month } } }');
    expect(merged.errors).toHaveLength(1);
    expect(merged.errors![0]).toMatchObject({
      message: 'the latest report cannot be read',
      path: ['districts', CITY_IDS.indexOf(FAILING), 'latestCaseloadReport'],
    });
  });

  it('answers for the other instances when one gives no answer, naming its districts', async () => {
    const planned = plan('{ districts { id } }');
    if (planned.kind !== 'fanOut') throw new Error(planned.kind);
    const merged = mergeFanOut(planned.fields, [
      { instance: marl, unavailable: instanceUnavailable(marl, true) },
      await ask(central, planned.query),
    ]);
    expect(ids(merged.data!.districts)).toEqual(
      CITY_IDS.filter((id) => routing.ownerOf(id) === central),
    );
    expect(merged.errors).toEqual([
      expect.objectContaining({
        message:
          'The districts instance "marl" did not answer in time; missing from this answer: marl, castrop-rauxel',
        extensions: expect.objectContaining({
          instance: 'marl',
          districts: ['marl', 'castrop-rauxel'],
        }),
      }),
    ]);
    expect(instanceUnavailable(central, false).message).toBe(
      'The districts instance "central" is not reachable; missing from this answer: every other district and the Fachbereich',
    );
  });

  it('sends a lookup to the instance that owns the district it names', async () => {
    expect(target(plan('query One($id: ID!) { district(id: $id) { name } }', { id: 'marl' }))).toBe(
      'marl',
    );
    expect(target(plan('{ district(id: "castrop-rauxel") { name } }'))).toBe('marl');
    expect(target(plan('{ district(id: "herten") { name } }'))).toBe('central');
    expect(target(plan('{ department { name } }'))).toBe('central');

    const { merged } = await fanOut('{ district(id: "marl") { name } department { name } }');
    expect(merged).toEqual({
      data: {
        district: { name: 'Bezirksstelle marl' },
        department: { name: 'Fachbereich Jobcenter' },
      },
    });
  });

  it('sends a mutation to the owner of the district named by its declared argument', () => {
    const report =
      'mutation R($input: ReportCaseloadInput!) { reportCaseload(input: $input) { id } }';
    expect(target(plan(report, { input: { districtId: 'marl', month: '2025-01' } }))).toBe('marl');
    expect(target(plan(report, { input: { districtId: 'herten', month: '2025-01' } }))).toBe(
      'central',
    );
    expect(
      target(
        plan(
          'mutation C($d: ID!, $f: CaseloadFigures!) { correctCaseloadReport(input: { districtId: $d, month: "2025-01", figures: $f, reason: "typo" }) { id } }',
          { d: 'castrop-rauxel', f: {} },
        ),
      ),
    ).toBe('marl');
    expect(
      target(
        plan('mutation { changeDistrictSizeGroup(districtId: "marl", sizeGroup: LARGE) { id } }'),
      ),
    ).toBe('marl');
  });

  it('refuses a mutation that changes the districts of two instances', () => {
    const both = plan(
      'mutation { a: changeDistrictSizeGroup(districtId: "marl", sizeGroup: LARGE) { id } b: changeDistrictSizeGroup(districtId: "herten", sizeGroup: SMALL) { id } }',
    );
    expect(both.kind === 'refused' && both.error).toMatchObject({
      message:
        'One request can change the districts of one instance only; send the changes separately',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses a root field or entity without a route, naming it', () => {
    const { department: _department, ...query } = routes.Query!;
    const missing = plan(
      '{ districts { id } department { name } }',
      {},
      { ...routes, Query: query },
    );
    expect(missing.kind === 'refused' && missing.error).toMatchObject({
      message: expect.stringContaining('no route for Query.department of the districts subgraph'),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const entity = plan('query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', {
      r: [{ __typename: 'Office', id: 'x' }],
    });
    expect(entity.kind === 'refused' && entity.error.message).toContain(
      'no route for the entity Office',
    );
    // Federation's and introspection's own fields need none.
    expect(target(plan('{ _service { sdl } __typename }'))).toBe('central');
  });

  it('reads root fields through fragments and answers them under their aliases', async () => {
    const { planned, merged } = await fanOut(
      `
      query Q($all: Boolean!) {
        ...Lists
        mine: district(id: "marl") { name }
        ... @include(if: $all) { everything: units { id } }
      }
      fragment Lists on Query { offices: districts { id } }
    `,
      { all: true },
    );
    expect(planned.kind === 'fanOut' && planned.fields.map((field) => field.key)).toEqual([
      'offices',
      'mine',
      'everything',
    ]);
    expect(merged.errors).toBeUndefined();
    expect(ids(merged.data!.offices)).toEqual([...CITY_IDS]);
    expect(merged.data!.offices[0]).toEqual({ id: CITY_IDS[0] });
    expect(merged.data!.mine).toEqual({ name: 'Bezirksstelle marl' });
    expect(ids(merged.data!.everything)).toEqual([...CITY_IDS, DEPARTMENT_ID]);
  });

  it('splits entity lookups by owner and puts the answers back in their places', async () => {
    const query =
      'query E($representations: [_Any!]!) { _entities(representations: $representations) { ... on District { id latestCaseloadReport { month } } ... on JobcenterDepartment { id } } }';
    const representations = [
      { __typename: 'District', id: 'herten' },
      { __typename: 'District', id: 'marl' },
      { __typename: 'JobcenterDepartment', id: DEPARTMENT_ID },
      { __typename: 'District', id: 'castrop-rauxel' },
    ];
    const planned = plan(query, { representations });
    if (planned.kind !== 'entities') throw new Error(planned.kind);
    expect(planned.parts.map(({ instance, indices }) => [instance.name, indices])).toEqual([
      ['central', [0, 2]],
      ['marl', [1, 3]],
    ]);
    const parts = await Promise.all(
      planned.parts.map(async (part) => ({
        part,
        answer: await ask(part.instance, query, {
          representations: part.indices.map((index) => representations[index]),
        }),
      })),
    );
    const merged = mergeEntities(representations.length, parts);
    expect(ids(merged.data!._entities)).toEqual([
      'herten',
      'marl',
      DEPARTMENT_ID,
      'castrop-rauxel',
    ]);
    expect(merged.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 1, 'latestCaseloadReport'] }),
    ]);
    expect(target(plan(query, { representations: [representations[0]] }))).toBe('central');
  });
});
