import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DISTRICT_ROUTES_PATH,
  districtRoutesProblems,
  loadDistrictRoutes,
  parseDistrictRoutes,
  type DistrictRoutes,
} from '../src/district-routes';
import { SUBGRAPHS } from '../src/subgraphs';

const sdlPath = SUBGRAPHS.find((subgraph) => subgraph.name === 'districts')!.sdlPath;
const sdl = readFileSync(sdlPath, 'utf8');
const routes = parseDistrictRoutes(readFileSync(DISTRICT_ROUTES_PATH, 'utf8'));

describe('the city routing declared beside the districts schema', () => {
  it('routes every root field and entity of services/districts/src/schema.graphql, and nothing else', () => {
    expect(districtRoutesProblems(sdl, routes)).toEqual([]);
    expect(() => loadDistrictRoutes()).not.toThrow();
  });

  it.each([
    ['Query', 'extend type Query { closedDistricts: [District!]! }', 'Query.closedDistricts'],
    [
      'Mutation',
      'extend type Mutation { renameDistrict(districtId: ID!, name: String!): District! }',
      'Mutation.renameDistrict',
    ],
    [
      'Subscription',
      'type Subscription { districtChanged: District! }',
      'Subscription.districtChanged',
    ],
  ])('names a %s root field that has no route', (_type, extension, field) => {
    expect(districtRoutesProblems(`${sdl}\n${extension}\n`, routes)).toEqual([
      `${field} has no route`,
    ]);
  });

  it('names an entity type that has no route', () => {
    const extension = 'type Office @key(fields: "id") { id: ID! }';
    expect(districtRoutesProblems(`${sdl}\n${extension}\n`, routes)).toEqual([
      'entity Office has no route',
    ]);
  });

  it('names routes for what the schema does not have', () => {
    const wrong: DistrictRoutes = {
      ...routes,
      Query: {
        ...routes.Query,
        offices: { route: 'list', orderBy: 'id' },
        districts: { route: 'list', orderBy: 'slug', typeOrder: ['Office'] },
        district: { route: 'lookup', by: 'slug' },
      },
      Mutation: {
        ...routes.Mutation,
        reportCaseload: { route: 'owner', by: 'input.cityId' },
      },
      entities: { ...routes.entities, Office: { route: 'central' } },
    };
    expect(districtRoutesProblems(sdl, wrong).sort()).toEqual(
      [
        'Query.offices is routed but not in the schema',
        'Query.districts is ordered by "slug", which District does not have',
        'Query.districts orders the type Office, which it cannot list',
        'Query.district is routed by "slug", which it has no argument for',
        'Mutation.reportCaseload is routed by "input.cityId", which it has no argument for',
        'entity Office is routed but is not an entity of the schema',
      ].sort(),
    );
  });

  it.each([
    [
      'a list mutation',
      { Mutation: { reportCaseload: { route: 'list', orderBy: 'id' } } },
      /Mutation\.reportCaseload/,
    ],
    [
      'a lookup without its path',
      { Query: { district: { route: 'lookup' } } },
      /Query\.district\.by/,
    ],
    [
      'an unknown key',
      { Query: { units: { route: 'list', orderBy: 'id', sort: 'x' } } },
      /Query\.units: Unrecognized key/,
    ],
    ['an unknown root', { Queries: {} }, /\(root\): Unrecognized key/],
  ])('refuses %s with a clear message', (_case, declaration, message) => {
    expect(() => parseDistrictRoutes(JSON.stringify(declaration), 'routes.json')).toThrow(message);
  });

  it('stops the gateway’s start on a declaration that leaves a root field out, naming it', () => {
    const { department: _department, ...query } = routes.Query!;
    const file = join(mkdtempSync(join(tmpdir(), 'routes-')), 'city-routing.json');
    writeFileSync(file, JSON.stringify({ ...routes, Query: query }));
    expect(() => loadDistrictRoutes(file)).toThrow(
      `${file} does not match ${sdlPath}:\n  Query.department has no route`,
    );
  });

  it('refuses a declaration that is not JSON, naming the file', () => {
    expect(() => parseDistrictRoutes('{', DISTRICT_ROUTES_PATH)).toThrow(
      /city-routing\.json is not valid JSON/,
    );
  });
});
