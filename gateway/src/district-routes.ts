import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isInputObjectType,
  isObjectType,
  parse,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { z } from 'zod';
import { parseJsonInput } from './json-input';
import { SUBGRAPHS } from './subgraphs';

/**
 * How the districts subgraph's root fields and entities are routed when cities run their own
 * instances, as declared beside its schema (services/districts/src/city-routing.json):
 *
 * - `list`: asked of every instance; the items merged, identified by `__typename` and `orderBy`,
 *   ordered by their type's place in `typeOrder` (when given), then by `orderBy`.
 * - `lookup` (a query or an entity) and `owner` (a mutation): the instance that owns the district
 *   named at the path `by`: an argument (`id`), a field of an input argument (`input.districtId`),
 *   or for an entity a field of its representation.
 * - `central`: the instance that hosts the Fachbereich.
 */
export const DISTRICT_ROUTES_PATH = join(
  __dirname,
  '../../services/districts/src/city-routing.json',
);
const DISTRICTS_SDL_PATH = SUBGRAPHS.find((subgraph) => subgraph.name === 'districts')!.sdlPath;

const path = z.string().regex(/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/, 'a dotted path such as input.id');
const central = z.object({ route: z.literal('central') }).strict();
const list = z
  .object({
    route: z.literal('list'),
    orderBy: z.string().min(1),
    typeOrder: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();
const lookup = z.object({ route: z.literal('lookup'), by: path }).strict();
const owner = z.object({ route: z.literal('owner'), by: path }).strict();

const readRoute = z.discriminatedUnion('route', [list, lookup, central]);
const writeRoute = z.discriminatedUnion('route', [owner, central]);
const entityRoute = z.discriminatedUnion('route', [lookup, central]);

const routesSchema = z
  .object({
    $comment: z.string().optional(),
    Query: z.record(z.string(), readRoute).optional(),
    Mutation: z.record(z.string(), writeRoute).optional(),
    Subscription: z.record(z.string(), readRoute).optional(),
    entities: z.record(z.string(), entityRoute).optional(),
  })
  .strict();

export type DistrictRoutes = z.infer<typeof routesSchema>;
export type ListRoute = z.infer<typeof list>;
export type FieldRoute = z.infer<typeof readRoute> | z.infer<typeof writeRoute>;
export type RootType = 'Query' | 'Mutation' | 'Subscription';
export const ROOT_TYPES: readonly RootType[] = ['Query', 'Mutation', 'Subscription'];

/** Reads a routing declaration; throws naming each key that is not a valid route. */
export function parseDistrictRoutes(json: string, origin = DISTRICT_ROUTES_PATH): DistrictRoutes {
  return parseJsonInput(routesSchema, json, origin, 'a valid routing declaration', '(root)');
}

/**
 * What a routing declaration and the subgraph's SDL disagree on: root fields (other than
 * federation's own `_entities` and `_service`) and entity types that have no route, routes for
 * fields or types the SDL does not have, and paths, sort fields and types that name nothing.
 */
export function districtRoutesProblems(sdl: string, routes: DistrictRoutes): string[] {
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl) });
  const problems: string[] = [];
  for (const rootType of ROOT_TYPES) {
    const fields = rootFieldsOf(schema, rootType);
    const declared = routes[rootType] ?? {};
    for (const name of Object.keys(fields)) {
      if (!declared[name]) problems.push(`${rootType}.${name} has no route`);
    }
    for (const [name, route] of Object.entries(declared)) {
      const field = fields[name];
      if (!field) problems.push(`${rootType}.${name} is routed but not in the schema`);
      else problems.push(...routeProblems(schema, `${rootType}.${name}`, field, route));
    }
  }
  const entityTypes = new Set(
    (schema.getType('_Entity') as { getTypes?: () => GraphQLNamedType[] } | undefined)
      ?.getTypes?.()
      .map((type) => type.name) ?? [],
  );
  const entities = routes.entities ?? {};
  for (const name of entityTypes) {
    if (!entities[name]) problems.push(`entity ${name} has no route`);
  }
  for (const [name, route] of Object.entries(entities)) {
    const type = schema.getType(name);
    if (!entityTypes.has(name) || !isObjectType(type))
      problems.push(`entity ${name} is routed but is not an entity of the schema`);
    else if (route.route === 'lookup' && !type.getFields()[route.by])
      problems.push(`entity ${name} is routed by "${route.by}", which it does not have`);
  }
  return problems;
}

/** The declaration beside the districts schema, checked against it; throws on any problem. */
export function loadDistrictRoutes(
  routesPath = DISTRICT_ROUTES_PATH,
  sdlPath: string = DISTRICTS_SDL_PATH,
): DistrictRoutes {
  const routes = parseDistrictRoutes(readFileSync(routesPath, 'utf8'), routesPath);
  const problems = districtRoutesProblems(readFileSync(sdlPath, 'utf8'), routes);
  if (problems.length > 0)
    throw new Error(`${routesPath} does not match ${sdlPath}:\n  ${problems.join('\n  ')}`);
  return routes;
}

function rootFieldsOf(
  schema: GraphQLSchema,
  rootType: RootType,
): Record<string, GraphQLField<unknown, unknown>> {
  const type =
    rootType === 'Query'
      ? schema.getQueryType()
      : rootType === 'Mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return Object.fromEntries(
    Object.entries(type?.getFields() ?? {}).filter(
      ([name]) => name !== '_entities' && name !== '_service',
    ),
  );
}

function routeProblems(
  schema: GraphQLSchema,
  where: string,
  field: GraphQLField<unknown, unknown>,
  route: FieldRoute,
): string[] {
  if (route.route === 'list') {
    const item = getNamedType(field.type);
    if (!isObjectType(item) && !isInterfaceType(item))
      return [`${where} is routed as a list of ${item.name}, which has no fields`];
    const problems: string[] = [];
    if (!item.getFields()[route.orderBy])
      problems.push(`${where} is ordered by "${route.orderBy}", which ${item.name} does not have`);
    const listed = isAbstractType(item) ? schema.getPossibleTypes(item) : [item];
    for (const name of route.typeOrder ?? []) {
      if (!listed.some((type) => type.name === name))
        problems.push(`${where} orders the type ${name}, which it cannot list`);
    }
    return problems;
  }
  if (route.route === 'central') return [];
  const [head, ...rest] = route.by.split('.');
  let argument: GraphQLArgument | { type: GraphQLArgument['type'] } | undefined = field.args.find(
    (candidate) => candidate.name === head,
  );
  for (const segment of rest) {
    const type = argument && getNamedType(argument.type);
    argument = isInputObjectType(type) ? type.getFields()[segment] : undefined;
  }
  return argument ? [] : [`${where} is routed by "${route.by}", which it has no argument for`];
}
