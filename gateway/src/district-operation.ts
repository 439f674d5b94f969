import {
  GraphQLError,
  Kind,
  parse,
  print,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { DistrictInstance, DistrictRouting } from './district-instances';
import type { DistrictRoutes, FieldRoute, ListRoute, RootType } from './district-routes';

export type Json = Record<string, unknown>;

/** The keys added to the items of a list field, to merge them by (removed before answering). */
export const ROUTE_ID = 'jobcenterRoutingId';
export const ROUTE_TYPE = 'jobcenterRoutingType';

/** A root field of an operation and where its answer comes from. */
export interface RoutedField {
  /** The key of its answer: the alias, else the name. */
  key: string;
  /** Every instance, merged as the list's route says; or the one instance that answers it. */
  route: { list: ListRoute } | { instance: DistrictInstance };
}

export interface EntitiesPart {
  instance: DistrictInstance;
  /** The positions, in the request's representations, of those this instance resolves. */
  indices: number[];
}

/** How a request to the districts subgraph is sent to its instances. */
export type DistrictsPlan =
  /** A document without an operation: to the central instance as it is. */
  | { kind: 'unread' }
  /** The request as it is, to one instance. */
  | { kind: 'one'; instance: DistrictInstance }
  /** `_entities` split by owner: each part's representations (in the variable named) to its instance. */
  | { kind: 'entities'; variable: string; representations: Json[]; parts: EntitiesPart[] }
  /** `query` (the operation with merge keys on its lists) to each target; answers merged by field. */
  | { kind: 'fanOut'; query: string; fields: RoutedField[]; targets: DistrictInstance[] }
  /** Sent nowhere: the error is the answer. */
  | { kind: 'refused'; error: GraphQLError };

const ROOT_TYPE: Record<OperationDefinitionNode['operation'], RootType> = {
  query: 'Query',
  mutation: 'Mutation',
  subscription: 'Subscription',
};

/**
 * Reads the operation the query planner sends to the districts subgraph and says which instances
 * answer it (see DistrictRoutes): `_entities` by the owner of each representation; a mutation at
 * the one owner of the districts it names (refused when they have two); a query at the instances
 * its root fields need, a list field at all of them. Federation's and introspection's own root
 * fields (`_service`, `__typename`) go to the central instance; any other field without a route
 * is refused, naming it.
 */
export function planDistrictsRequest(
  request: { query: string; variables?: Json | null },
  routes: DistrictRoutes,
  routing: DistrictRouting,
): DistrictsPlan {
  const document = parse(request.query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) return { kind: 'unread' };
  const variables = request.variables ?? {};
  const rootType = ROOT_TYPE[operation.operation];
  const fields = rootFields(document, operation.selectionSet.selections);

  const entities = fields.find((field) => field.name.value === '_entities');
  if (entities) return planEntities(entities, variables, routes, routing);

  const routed: RoutedField[] = [];
  const owners = new Set<DistrictInstance>();
  for (const field of fields) {
    const name = field.name.value;
    const key = field.alias?.value ?? name;
    if (name.startsWith('__') || name === '_service') {
      routed.push({ key, route: { instance: routing.central } });
      continue;
    }
    const route: FieldRoute | undefined = routes[rootType]?.[name];
    if (!route) return refused(unrouted(`${rootType}.${name}`));
    if (route.route === 'list') {
      routed.push({ key, route: { list: route } });
      continue;
    }
    const id = route.route === 'central' ? undefined : valueAt(field, route.by, variables);
    const instance = typeof id === 'string' ? routing.ownerOf(id) : routing.central;
    routed.push({ key, route: { instance } });
    // A mutation goes to the owner of what it changes; one naming no district, to any.
    if (route.route === 'central' || typeof id === 'string') owners.add(instance);
  }

  if (operation.operation === 'mutation') {
    if (owners.size > 1)
      return refused(
        new GraphQLError(
          'One request can change the districts of one instance only; send the changes separately',
          { extensions: { code: 'BAD_USER_INPUT' } },
        ),
      );
    const [owner = routing.central] = owners;
    return { kind: 'one', instance: owner };
  }

  const targets = new Set<DistrictInstance>();
  for (const { route } of routed) {
    if ('list' in route) routing.instances.forEach((instance) => targets.add(instance));
    else targets.add(route.instance);
  }
  if (targets.size === 1) return { kind: 'one', instance: [...targets][0]! };
  const lists = new Map(
    Object.entries(routes[rootType] ?? {}).filter(
      (entry): entry is [string, ListRoute] => entry[1].route === 'list',
    ),
  );
  return {
    kind: 'fanOut',
    query: print(withRoutingKeys(document, rootType, lists)),
    fields: routed,
    targets: [...targets],
  };
}

/** `_entities`: each representation to the instance that owns it. */
function planEntities(
  field: FieldNode,
  variables: Json,
  routes: DistrictRoutes,
  routing: DistrictRouting,
): DistrictsPlan {
  const argument = field.arguments?.find((arg) => arg.name.value === 'representations');
  const variable = argument?.value.kind === Kind.VARIABLE ? argument.value.name.value : null;
  const representations = (variable ? variables[variable] : null) as Json[] | null;
  if (!variable || !Array.isArray(representations))
    return { kind: 'one', instance: routing.central };

  const byOwner = new Map<DistrictInstance, number[]>();
  for (const [index, representation] of representations.entries()) {
    const typename = String(representation.__typename);
    const route = routes.entities?.[typename];
    if (!route) return refused(unrouted(`the entity ${typename}`));
    const id = route.route === 'lookup' ? pathIn(representation, route.by.split('.')) : undefined;
    const owner = typeof id === 'string' ? routing.ownerOf(id) : routing.central;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), index]);
  }
  if (byOwner.size === 1) return { kind: 'one', instance: [...byOwner.keys()][0]! };
  return {
    kind: 'entities',
    variable,
    representations,
    parts: [...byOwner].map(([instance, indices]) => ({ instance, indices })),
  };
}

function refused(error: GraphQLError): DistrictsPlan {
  return { kind: 'refused', error };
}

function unrouted(what: string): GraphQLError {
  return new GraphQLError(
    `The gateway has no route for ${what} of the districts subgraph when cities run their own instances (services/districts/src/city-routing.json)`,
    { extensions: { code: 'INTERNAL_SERVER_ERROR', service: 'districts' } },
  );
}

/**
 * The root fields of an operation, also those inside inline fragments (`... @include(if: $x)`)
 * and fragments, which the query planner passes through.
 */
function rootFields(document: DocumentNode, selections: readonly SelectionNode[]): FieldNode[] {
  const fragments = fragmentsOf(document);
  const collect = (nodes: readonly SelectionNode[]): FieldNode[] =>
    nodes.flatMap((node) => {
      if (node.kind === Kind.FIELD) return [node];
      if (node.kind === Kind.INLINE_FRAGMENT) return collect(node.selectionSet.selections);
      const fragment = fragments.get(node.name.value);
      return fragment ? collect(fragment.selectionSet.selections) : [];
    });
  return collect(selections);
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode =>
          definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
}

/**
 * Adds `jobcenterRoutingId: <orderBy>` and `jobcenterRoutingType: __typename` to the root list
 * fields (also in inline fragments and fragments on the root type), to merge by.
 */
function withRoutingKeys(
  document: DocumentNode,
  rootType: RootType,
  lists: Map<string, ListRoute>,
): DocumentNode {
  const alias = (name: string, field: string): FieldNode => ({
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: name },
    name: { kind: Kind.NAME, value: field },
  });
  const rewrite = (selectionSet: SelectionSetNode): SelectionSetNode => ({
    ...selectionSet,
    selections: selectionSet.selections.map((selection) => {
      if (selection.kind === Kind.INLINE_FRAGMENT)
        return { ...selection, selectionSet: rewrite(selection.selectionSet) };
      const list = selection.kind === Kind.FIELD ? lists.get(selection.name.value) : undefined;
      if (selection.kind !== Kind.FIELD || !list || !selection.selectionSet) return selection;
      return {
        ...selection,
        selectionSet: {
          ...selection.selectionSet,
          selections: [
            ...selection.selectionSet.selections,
            alias(ROUTE_ID, list.orderBy),
            alias(ROUTE_TYPE, '__typename'),
          ],
        },
      };
    }),
  });
  return {
    ...document,
    definitions: document.definitions.map((definition) => {
      if (definition.kind === Kind.OPERATION_DEFINITION)
        return { ...definition, selectionSet: rewrite(definition.selectionSet) };
      if (
        definition.kind === Kind.FRAGMENT_DEFINITION &&
        definition.typeCondition.name.value === rootType
      ) {
        return { ...definition, selectionSet: rewrite(definition.selectionSet) };
      }
      return definition;
    }),
  };
}

function valueOf(node: ValueNode, variables: Json): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field) => [field.name.value, valueOf(field.value, variables)]),
      );
    default:
      return undefined;
  }
}

/** The value at a dotted path of a field's arguments (`districtId`, `input.districtId`). */
function valueAt(field: FieldNode, path: string, variables: Json): unknown {
  const [name, ...rest] = path.split('.');
  const argument = field.arguments?.find((candidate) => candidate.name.value === name);
  return argument ? pathIn(valueOf(argument.value, variables), rest) : undefined;
}

function pathIn(value: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>(
    (current, key) => (current && typeof current === 'object' ? (current as Json)[key] : undefined),
    value,
  );
}
