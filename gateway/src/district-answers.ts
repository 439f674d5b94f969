import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { DistrictInstance } from './district-instances';
import type { ListRoute } from './district-routes';
import {
  ROUTE_ID,
  ROUTE_TYPE,
  type EntitiesPart,
  type Json,
  type RoutedField,
} from './district-operation';

type ResponseError = NonNullable<GatewayGraphQLResponse['errors']>[number];

/** What one instance answered, or why it gave no answer. */
export interface InstanceAnswer {
  instance: DistrictInstance;
  response?: GatewayGraphQLResponse;
  unavailable?: GraphQLError;
}

/** The error for an instance that gave no answer: it names the instance and its districts. */
export function instanceUnavailable(instance: DistrictInstance, timedOut: boolean): GraphQLError {
  const districts =
    instance.districts === '*'
      ? 'every other district and the Fachbereich'
      : instance.districts.join(', ');
  const reason = timedOut ? 'did not answer in time' : 'is not reachable';
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

/** The answer of one instance alone: its response, or its unavailability as the only error. */
export function soleAnswer(answer: InstanceAnswer): GatewayGraphQLResponse {
  return answer.response ?? { data: null, errors: [answer.unavailable!] };
}

/** `_entities` answered in parts: each part's entities and errors put back in their places. */
export function mergeEntities(
  count: number,
  parts: { part: EntitiesPart; answer: InstanceAnswer }[],
): GatewayGraphQLResponse {
  const merged: unknown[] = Array.from({ length: count }, () => null);
  const errors: ResponseError[] = [];
  for (const { part, answer } of parts) {
    if (answer.unavailable) {
      errors.push(answer.unavailable);
      continue;
    }
    const found = ((answer.response?.data as Json | null)?._entities ?? []) as unknown[];
    part.indices.forEach((original, position) => (merged[original] = found[position] ?? null));
    for (const error of answer.response?.errors ?? []) {
      errors.push(remapPath(error, '_entities', (position) => part.indices[position] ?? position));
    }
  }
  return { data: { _entities: merged }, ...(errors.length ? { errors } : {}) };
}

/**
 * The answers of several instances to one query, as one: a list field's items from every instance
 * that answered, each once, in the list's order (their errors' paths moved along); any other
 * field from the instance it was routed to. Errors without a path (a refused request, e.g. an
 * expired token) concern the whole answer and are all kept; an instance that gave no answer adds
 * its error.
 */
export function mergeFanOut(
  fields: RoutedField[],
  answers: InstanceAnswer[],
): GatewayGraphQLResponse {
  const data: Json = {};
  const errors: ResponseError[] = answers
    .filter((answer) => answer.unavailable)
    .map((answer) => answer.unavailable!);
  const replied = answers.filter((answer) => answer.response);
  for (const answer of replied)
    errors.push(...(answer.response!.errors ?? []).filter((error) => !error.path));

  for (const { key, route } of fields) {
    if (key in data) continue;
    if ('list' in route) {
      const { items, errors: listErrors } = mergeList(key, route.list, replied);
      data[key] = items;
      errors.push(...listErrors);
    } else {
      const answer = replied.find((candidate) => candidate.instance === route.instance);
      data[key] = (answer?.response?.data as Json | null)?.[key] ?? null;
      for (const error of answer?.response?.errors ?? []) {
        if (error.path?.[0] === key) errors.push(error);
      }
    }
  }
  return { data, ...(errors.length ? { errors } : {}) };
}

function mergeList(
  key: string,
  list: ListRoute,
  replied: InstanceAnswer[],
): { items: Json[]; errors: ResponseError[] } {
  const items: { item: Json; from: InstanceAnswer; index: number }[] = [];
  const seen = new Set<string>();
  for (const answer of replied) {
    const got = ((answer.response!.data as Json | null)?.[key] ?? []) as Json[];
    got.forEach((item, index) => {
      // An item that two instances both claim (their configurations disagree) is listed once.
      const identity = `${String(item[ROUTE_TYPE])}:${String(item[ROUTE_ID])}`;
      if (seen.has(identity)) return;
      seen.add(identity);
      items.push({ item, from: answer, index });
    });
  }
  const compare = listOrder(list);
  items.sort((a, b) => compare(a.item, b.item));
  const errors: ResponseError[] = [];
  for (const answer of replied) {
    const moved = new Map<number, number>();
    items.forEach((entry, position) => {
      if (entry.from === answer) moved.set(entry.index, position);
    });
    for (const error of answer.response!.errors ?? []) {
      if (error.path?.[0] === key)
        errors.push(remapPath(error, key, (index) => moved.get(index) ?? index));
    }
  }
  return { items: items.map(({ item }) => withoutRoutingKeys(item)), errors };
}

/** The list's order: by the place of the item's type in `typeOrder` (others last), then `orderBy`. */
function listOrder(list: ListRoute): (a: Json, b: Json) => number {
  const types = list.typeOrder ?? [];
  const rank = (item: Json) => {
    const place = types.indexOf(String(item[ROUTE_TYPE]));
    return place === -1 ? types.length : place;
  };
  return (a, b) => rank(a) - rank(b) || String(a[ROUTE_ID]).localeCompare(String(b[ROUTE_ID]));
}

function withoutRoutingKeys(item: Json): Json {
  const { [ROUTE_ID]: _id, [ROUTE_TYPE]: _type, ...rest } = item;
  return rest;
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
