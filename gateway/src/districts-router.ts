import { type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  GraphQLError,
  Kind,
  parse,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type FieldNode,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { DistrictInstance, DistrictRouting } from './district-instances';
import { SubgraphSource, type GatewayContext, type SubgraphCallSettings } from './subgraph-source';

type Options = GraphQLDataSourceProcessOptions<GatewayContext>;
type Json = Record<string, unknown>;
type ResponseError = NonNullable<GatewayGraphQLResponse['errors']>[number];

/** Root fields that list districts: asked of every instance, merged in one stable order. */
const LIST_FIELDS = new Set(['units', 'districts']);
const ROUTE_ID = 'jobcenterRoutingId';
const ROUTE_TYPE = 'jobcenterRoutingType';

interface Answer {
  instance: DistrictInstance;
  response?: GatewayGraphQLResponse;
  unavailable?: GraphQLError;
}

/**
 * The districts subgraph when cities run their own instances: to the gateway it is one subgraph;
 * underneath it sends each request to the instances that own the districts it names.
 *
 * - `_entities`: the representations are split by owner and the answers put back in order.
 * - root fields naming a district (`district(id:)`) and mutations (by `districtId`): the owner.
 * - lists (`units`, `districts`): every instance, merged by unit kind and id, as one instance orders them.
 * - anything else (the Fachbereich, `_service`): the central instance.
 *
 * An instance that does not answer costs only its own districts: the rest of the answer comes,
 * with an error that names the instance and its districts.
 */
export class DistrictsRouter implements GraphQLDataSource<GatewayContext> {
  private readonly sources = new Map<string, SubgraphSource>();

  constructor(
    private readonly routing: DistrictRouting,
    settings: SubgraphCallSettings,
  ) {
    for (const instance of routing.instances) {
      this.sources.set(
        instance.name,
        new SubgraphSource(`districts (${instance.name})`, instance.url, settings, 'districts'),
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.sources.values()].map((source) => source.close()));
  }

  async process(options: Options): Promise<GatewayGraphQLResponse> {
    if (
      options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION ||
      !options.request.query
    ) {
      return this.sourceOf(this.routing.central).process(options);
    }
    const document = parse(options.request.query);
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION,
    );
    if (!operation) return this.sourceOf(this.routing.central).process(options);
    const variables = (options.request.variables ?? {}) as Json;
    const fields = rootFields(document, operation.selectionSet.selections);

    const entities = fields.find((field) => field.name.value === '_entities');
    if (entities) return this.routeEntities(options, entities, variables);

    if (operation.operation === 'mutation') {
      const districtIds = new Set(
        fields
          .map((field) => districtIdOf(field, variables))
          .filter((id): id is string => Boolean(id)),
      );
      const owners = new Set([...districtIds].map((id) => this.routing.ownerOf(id)));
      if (owners.size > 1) {
        return {
          errors: [
            new GraphQLError(
              'One request can change the districts of one instance only; send the changes separately',
              { extensions: { code: 'BAD_USER_INPUT' } },
            ),
          ],
        };
      }
      const [owner = this.routing.central] = owners;
      return this.single(options, owner);
    }

    const targets = new Set<DistrictInstance>();
    for (const field of fields) {
      if (LIST_FIELDS.has(field.name.value))
        this.routing.instances.forEach((instance) => targets.add(instance));
      else if (field.name.value === 'district') {
        const id = argumentValue(field, 'id', variables);
        targets.add(typeof id === 'string' ? this.routing.ownerOf(id) : this.routing.central);
      } else targets.add(this.routing.central);
    }
    if (targets.size === 1) return this.single(options, [...targets][0]!);
    return this.fanOut(options, fields, variables, [...targets]);
  }

  private sourceOf(instance: DistrictInstance): SubgraphSource {
    return this.sources.get(instance.name)!;
  }

  private async ask(
    options: Options,
    instance: DistrictInstance,
    query?: string,
    variables?: Json,
  ): Promise<Answer> {
    const request = {
      ...options.request,
      query: query ?? options.request.query,
      variables: variables ?? options.request.variables,
      http: options.request.http ? { ...options.request.http } : undefined,
    };
    try {
      return {
        instance,
        response: await this.sourceOf(instance).process({ ...options, request } as Options),
      };
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions?.code !== 'SUBGRAPH_UNAVAILABLE') {
        return { instance, response: { errors: [error] } };
      }
      return { instance, unavailable: this.unavailable(instance, error) };
    }
  }

  private unavailable(instance: DistrictInstance, error: unknown): GraphQLError {
    const districts =
      instance.districts === '*'
        ? 'every other district and the Fachbereich'
        : instance.districts.join(', ');
    const reason = /did not answer within/.test((error as Error)?.message ?? '')
      ? 'did not answer in time'
      : 'is not reachable';
    return new GraphQLError(
      `The districts instance "${instance.name}" ${reason}; missing from this answer: ${districts}`,
      {
        extensions: {
          code: 'SUBGRAPH_UNAVAILABLE',
          service: 'districts',
          instance: instance.name,
          districts: instance.districts === '*' ? '*' : instance.districts,
        },
      },
    );
  }

  private async single(
    options: Options,
    instance: DistrictInstance,
  ): Promise<GatewayGraphQLResponse> {
    const answer = await this.ask(options, instance);
    return answer.response ?? { data: null, errors: [answer.unavailable!] };
  }

  /** `_entities`: each representation to the instance that owns it, answers back in their places. */
  private async routeEntities(
    options: Options,
    field: FieldNode,
    variables: Json,
  ): Promise<GatewayGraphQLResponse> {
    const argument = field.arguments?.find((arg) => arg.name.value === 'representations');
    const variableName = argument?.value.kind === Kind.VARIABLE ? argument.value.name.value : null;
    const representations = (variableName ? variables[variableName] : null) as Json[] | null;
    if (!variableName || !Array.isArray(representations))
      return this.single(options, this.routing.central);

    const byOwner = new Map<DistrictInstance, number[]>();
    representations.forEach((representation, index) => {
      const owner =
        representation.__typename === 'District' && typeof representation.id === 'string'
          ? this.routing.ownerOf(representation.id)
          : this.routing.central;
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), index]);
    });
    if (byOwner.size === 1) return this.single(options, [...byOwner.keys()][0]!);

    const answers = await Promise.all(
      [...byOwner].map(async ([owner, indices]) => ({
        indices,
        answer: await this.ask(options, owner, options.request.query, {
          ...variables,
          [variableName]: indices.map((index) => representations[index]),
        }),
      })),
    );
    const merged: unknown[] = representations.map(() => null);
    const errors: ResponseError[] = [];
    for (const { indices, answer } of answers) {
      if (answer.unavailable) {
        errors.push(answer.unavailable);
        continue;
      }
      const found = ((answer.response?.data as Json | null)?._entities ?? []) as unknown[];
      indices.forEach((original, position) => (merged[original] = found[position] ?? null));
      for (const error of answer.response?.errors ?? []) {
        errors.push(remapPath(error, '_entities', (position) => indices[position] ?? position));
      }
    }
    return { data: { _entities: merged }, ...(errors.length ? { errors } : {}) };
  }

  /** A query over several instances: lists merged in order, single fields from their owner. */
  private async fanOut(
    options: Options,
    fields: FieldNode[],
    variables: Json,
    targets: DistrictInstance[],
  ): Promise<GatewayGraphQLResponse> {
    const query = print(withRoutingKeys(parse(options.request.query!)));
    const answers = await Promise.all(
      targets.map((instance) => this.ask(options, instance, query)),
    );
    const data: Json = {};
    const errors: ResponseError[] = answers
      .filter((answer) => answer.unavailable)
      .map((answer) => answer.unavailable!);
    const replied = answers.filter((answer) => answer.response);
    // Errors without a path (a refused request, e.g. an expired token) concern the whole answer.
    for (const answer of replied)
      errors.push(...(answer.response!.errors ?? []).filter((error) => !error.path));

    for (const field of fields) {
      const key = field.alias?.value ?? field.name.value;
      if (key in data) continue;
      if (LIST_FIELDS.has(field.name.value)) {
        const items: { item: Json; from: Answer; index: number }[] = [];
        const seen = new Set<string>();
        for (const answer of replied) {
          const list = ((answer.response!.data as Json | null)?.[key] ?? []) as Json[];
          list.forEach((item, index) => {
            // A unit that two instances both claim (their configurations disagree) is listed once.
            const identity = `${String(item[ROUTE_TYPE])}:${String(item[ROUTE_ID])}`;
            if (seen.has(identity)) return;
            seen.add(identity);
            items.push({ item, from: answer, index });
          });
        }
        items.sort((a, b) => compareUnits(a.item, b.item));
        data[key] = items.map(({ item }) => withoutRoutingKeys(item));
        for (const answer of replied) {
          const merged = new Map<number, number>();
          items.forEach((entry, position) => {
            if (entry.from === answer) merged.set(entry.index, position);
          });
          for (const error of answer.response!.errors ?? []) {
            if (error.path?.[0] === key)
              errors.push(remapPath(error, key, (index) => merged.get(index) ?? index));
          }
        }
      } else {
        const owner =
          field.name.value === 'district'
            ? ownerFor(this.routing, argumentValue(field, 'id', variables))
            : this.routing.central;
        const answer = replied.find((candidate) => candidate.instance === owner);
        data[key] = (answer?.response?.data as Json | null)?.[key] ?? null;
        for (const error of answer?.response?.errors ?? []) {
          if (error.path?.[0] === key) errors.push(error);
        }
      }
    }
    return { data, ...(errors.length ? { errors } : {}) };
  }
}

function ownerFor(routing: DistrictRouting, id: unknown): DistrictInstance {
  return typeof id === 'string' ? routing.ownerOf(id) : routing.central;
}

/**
 * The root fields of an operation, also those inside inline fragments (`... @include(if: $x)`)
 * and fragments on Query, which the query planner passes through.
 */
function rootFields(document: DocumentNode, selections: readonly SelectionNode[]): FieldNode[] {
  const fragments = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode =>
          definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const collect = (nodes: readonly SelectionNode[]): FieldNode[] =>
    nodes.flatMap((node) => {
      if (node.kind === Kind.FIELD) return [node];
      if (node.kind === Kind.INLINE_FRAGMENT) return collect(node.selectionSet.selections);
      const fragment = fragments.get(node.name.value);
      return fragment ? collect(fragment.selectionSet.selections) : [];
    });
  return collect(selections);
}

/** Adds `jobcenterRoutingId: id` and `jobcenterRoutingType: __typename` to the root list fields, to merge by. */
function withRoutingKeys(document: DocumentNode): DocumentNode {
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
      if (
        selection.kind !== Kind.FIELD ||
        !LIST_FIELDS.has(selection.name.value) ||
        !selection.selectionSet
      )
        return selection;
      return {
        ...selection,
        selectionSet: {
          ...selection.selectionSet,
          selections: [
            ...selection.selectionSet.selections,
            alias(ROUTE_ID, 'id'),
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
        definition.typeCondition.name.value === 'Query'
      ) {
        return { ...definition, selectionSet: rewrite(definition.selectionSet) };
      }
      return definition;
    }),
  };
}

function withoutRoutingKeys(item: Json): Json {
  const { [ROUTE_ID]: _id, [ROUTE_TYPE]: _type, ...rest } = item;
  return rest;
}

/** The order one instance gives: district offices by id, then the Fachbereich. */
function compareUnits(a: Json, b: Json): number {
  const rank = (item: Json) => (item[ROUTE_TYPE] === 'JobcenterDepartment' ? 1 : 0);
  return rank(a) - rank(b) || String(a[ROUTE_ID]).localeCompare(String(b[ROUTE_ID]));
}

function remapPath(
  error: ResponseError,
  head: string,
  index: (position: number) => number,
): ResponseError {
  const path = error.path;
  if (!path || path[0] !== head || typeof path[1] !== 'number') return error;
  return new GraphQLError(error.message, {
    path: [head, index(path[1]), ...path.slice(2)],
    extensions: error.extensions,
  });
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

function argumentValue(field: FieldNode, name: string, variables: Json): unknown {
  const argument = field.arguments?.find((candidate) => candidate.name.value === name);
  return argument ? valueOf(argument.value, variables) : undefined;
}

/** The district a mutation is about: its `districtId` argument or its `input.districtId`. */
function districtIdOf(field: FieldNode, variables: Json): string | undefined {
  const direct = argumentValue(field, 'districtId', variables);
  if (typeof direct === 'string') return direct;
  const input = argumentValue(field, 'input', variables) as Json | undefined;
  return typeof input?.districtId === 'string' ? input.districtId : undefined;
}
