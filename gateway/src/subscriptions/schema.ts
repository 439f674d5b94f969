import { readFileSync } from 'node:fs';
import {
  GraphQLError,
  Kind,
  defaultFieldResolver,
  extendSchema,
  parse,
  print,
  visit,
  type FieldNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { CITY_ROLES, type Principal } from '@jobcenter/auth';
import { SUBSCRIPTIONS_SDL_PATH } from '../compose';
import {
  SubscriptionEnded,
  type DeliveredEvent,
  type EventFeed,
  type EventOutcome,
  type FeedEvent,
  type SubscribedTopic,
} from './event-feed';

/** What a subscription's resolvers need of the subscriber. */
export type SubscriptionContext = {
  authorization: string;
  /** Whom the token names. */
  principal: Principal;
  /** Runs an operation against the gateway's own `/graphql` with the subscriber's token. */
  query: (
    document: string,
    variables: Record<string, unknown>,
    authorization: string,
    /** Subscribers whose queries share this key share one answer. */
    shareKey: string,
  ) => Promise<{ data?: Record<string, unknown> | null; errors?: unknown[] }>;
  /** Closes the subscriber's connection (a subscriber too slow for its buffer). */
  cutOff?: (reason: SubscriptionEnded) => void;
};

/** How a subscription field maps its topic's events onto its event type. */
interface FieldFeed {
  topic: SubscribedTopic;
  /** The event type's field that is the entity, answered by the graph. */
  entityField: string;
  /** The root query field (with its one argument) that answers the entity. */
  rootField: string;
  argument: string;
  argumentType: 'ID!' | 'Int!';
  key: (data: Record<string, unknown>) => unknown;
  /** The event type's own fields, from the event. */
  fields: (event: FeedEvent) => Record<string, unknown>;
  /**
   * City-scoped events (a district's spending): a subscriber with city roles only receives those
   * of its own city's district, as the graph shows it no other city's entries.
   */
  cityScoped?: true;
}

const district = (data: Record<string, unknown>) => data.districtId;

const FEEDS: Record<string, FieldFeed> = {
  caseloadReported: {
    topic: 'caseloadReported',
    entityField: 'district',
    rootField: 'district',
    argument: 'id',
    argumentType: 'ID!',
    key: district,
    fields: ({ envelope: { id, data } }) => ({
      id,
      districtId: data.districtId,
      month: data.month,
      version: data.version,
    }),
  },
  staffingGapChanged: {
    topic: 'staffingGapChanged',
    entityField: 'district',
    rootField: 'district',
    argument: 'id',
    argumentType: 'ID!',
    key: district,
    fields: ({ envelope: { id, data } }) => ({
      id,
      districtId: data.districtId,
      caseloadMonth: data.caseloadMonth,
    }),
  },
  resolutionAdopted: {
    topic: 'resolutionAdopted',
    entityField: 'resolution',
    rootField: 'resolution',
    argument: 'id',
    argumentType: 'ID!',
    key: (data) => data.resolutionId,
    fields: ({ envelope: { id, data } }) => ({ id, resolutionId: data.resolutionId }),
  },
  allocationPublished: {
    topic: 'allocationPublished',
    entityField: 'allocation',
    rootField: 'allocation',
    argument: 'fiscalYear',
    argumentType: 'Int!',
    key: (data) => data.fiscalYear,
    fields: ({ envelope: { id, data } }) => ({ id, fiscalYear: data.fiscalYear }),
  },
  spendingRecorded: {
    topic: 'expenditureRecorded',
    cityScoped: true,
    entityField: 'district',
    rootField: 'district',
    argument: 'id',
    argumentType: 'ID!',
    key: district,
    fields: ({ envelope: { id, data } }) => ({
      id,
      districtId: data.districtId,
      fiscalYear: data.fiscalYear,
    }),
  },
};

/** An event as its event type's resolvers see it; the entity comes answered by the graph. */
class EventPayload {
  constructor(
    readonly fields: Record<string, unknown>,
    /** The graph's answers for the entity, by the response key of each entity field. */
    readonly entities: Record<string, unknown>,
  ) {}
}

/** A subscription cut off: its field's resolver raises the reason as the last result. */
class EndedPayload {
  constructor(readonly reason: SubscriptionEnded) {}
}

/**
 * The entity fields of the subscriber's selection on the event type (through inline fragments
 * and fragment spreads).
 */
function entityFieldNodes(
  selectionSet: SelectionSetNode | undefined,
  name: string,
  info: GraphQLResolveInfo,
  found: FieldNode[] = [],
): FieldNode[] {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value === name) found.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      entityFieldNodes(selection.selectionSet, name, info, found);
    else if (selection.kind === Kind.FRAGMENT_SPREAD)
      entityFieldNodes(info.fragments[selection.name.value]?.selectionSet, name, info, found);
  }
  return found;
}

/**
 * The query that answers the subscriber's selection on an event's entity: one root field per
 * entity field of the selection (aliased by its response key), with the fragments and variables
 * that selection uses. Without an entity field it still asks for `__typename`, so that an event
 * is delivered only to whom the graph shows its entity.
 */
export function entityQuery(feed: FieldFeed, info: GraphQLResolveInfo): string {
  const nodes = entityFieldNodes(info.fieldNodes[0]?.selectionSet, feed.entityField, info);
  const roots = (nodes.length > 0 ? nodes : [null]).map((node) => {
    const key = node ? (node.alias ?? node.name).value : '__entity';
    const body = node?.selectionSet ? print(node.selectionSet) : '{ __typename }';
    return `${key}: ${feed.rootField}(${feed.argument}: $__key) ${body}`;
  });
  const fragments = new Set<string>();
  const variables = new Set<string>();
  const collect = (selectionSet: SelectionSetNode | undefined) => {
    if (!selectionSet) return;
    visit(selectionSet, {
      Variable: (variable) => void variables.add(variable.name.value),
      FragmentSpread: (spread) => {
        if (fragments.has(spread.name.value)) return;
        fragments.add(spread.name.value);
        collect(info.fragments[spread.name.value]?.selectionSet);
      },
    });
  };
  for (const node of nodes) collect(node.selectionSet);
  const definitions = (info.operation.variableDefinitions ?? [])
    .filter((definition) => variables.has(definition.variable.name.value))
    .map((definition) => print(definition));
  return [
    `query SubscriptionEvent($__key: ${feed.argumentType}${definitions.map((d) => `, ${d}`).join('')}) {`,
    ...roots,
    '}',
    ...[...fragments].map((name) => print(info.fragments[name]!)),
  ].join('\n');
}

/**
 * Objects answered by the graph carry their fields by response key (the subscriber's aliases);
 * the event's own fields are read by name.
 */
export const subscriptionFieldResolver: GraphQLFieldResolver<unknown, unknown> = (
  source,
  args,
  context,
  info,
) => {
  if (source instanceof EventPayload) {
    const feedField = Object.values(FEEDS).find(
      (feed) => feed.entityField === info.fieldName && info.parentType.name.endsWith('Event'),
    );
    return feedField ? source.entities[info.path.key] : source.fields[info.fieldName];
  }
  if (source && typeof source === 'object' && typeof info.path.key === 'string')
    return (source as Record<string, unknown>)[info.path.key];
  return defaultFieldResolver(source, args, context, info);
};

async function* eventsFor(
  feed: FieldFeed,
  events: AsyncIterator<DeliveredEvent>,
  context: SubscriptionContext,
  info: GraphQLResolveInfo,
  count: (outcome: EventOutcome) => void,
): AsyncGenerator<EventPayload | EndedPayload> {
  const document = entityQuery(feed, info);
  const variables = { ...info.variableValues };
  // Reads depend on the caller's roles and city, never on who it is (docs/subscriptions.md):
  // subscribers of one scope share the answer for an event.
  const scope = JSON.stringify([
    [...context.principal.roles].sort(),
    context.principal.city ?? null,
  ]);
  try {
    for (;;) {
      let next: IteratorResult<DeliveredEvent>;
      try {
        next = await events.next();
      } catch (error) {
        if (error instanceof SubscriptionEnded) yield new EndedPayload(error);
        return;
      }
      if (next.done) return;
      const event = next.value;
      const answer = await context
        .query(
          document,
          { ...variables, __key: feed.key(event.envelope.data) },
          context.authorization,
          `${event.envelope.id}|${scope}`,
        )
        .catch(() => ({ data: null, errors: [{}] }));
      // Delivered only when the subscriber may see it: the graph answered without an error.
      if (
        answer.errors?.length ||
        !answer.data ||
        Object.values(answer.data).some((entity) => entity === null)
      ) {
        count('withheld');
        continue;
      }
      count('delivered');
      if (event.replayed) count('replayed');
      yield new EventPayload({ ...feed.fields(event), cursor: event.cursor }, answer.data);
    }
  } finally {
    await events.return?.();
  }
}

/** The city of a subscriber who holds city roles only (null for county, board and reporting roles). */
function cityOnly(principal: Principal): string | null {
  return principal.roles.every((role) => CITY_ROLES.includes(role))
    ? (principal.city ?? null)
    : null;
}

/**
 * The schema of `/graphql/stream` and `/graphql/ws`: the graph's API schema with the gateway's
 * `Subscription` type. Only subscriptions run there; queries and mutations go to `/graphql`.
 */
export function subscriptionSchema(apiSchema: GraphQLSchema, feed: EventFeed): GraphQLSchema {
  const schema = extendSchema(apiSchema, parse(readFileSync(SUBSCRIPTIONS_SDL_PATH, 'utf8')));
  const fields = schema.getSubscriptionType()!.getFields();
  for (const [name, fieldFeed] of Object.entries(FEEDS)) {
    const field = fields[name];
    if (!field) throw new Error(`subscriptions.graphql declares no Subscription.${name}`);
    field.subscribe = async (
      _root,
      args: { districtId?: string | null; after?: string | null },
      context,
      info,
    ) => {
      const ctx = context as SubscriptionContext;
      const ownCity = fieldFeed.cityScoped ? cityOnly(ctx.principal) : null;
      if (ownCity && args.districtId != null && args.districtId !== ownCity)
        throw new GraphQLError(
          `${name}: the district office ${args.districtId}'s events are for its own city's staff and the county; subscribe to ${ownCity}`,
          { extensions: { code: 'FORBIDDEN', field: 'districtId' } },
        );
      const queue = await feed.subscribe({
        topic: fieldFeed.topic,
        accepts: (event) =>
          (args.districtId == null || event.envelope.data.districtId === args.districtId) &&
          (ownCity == null || event.envelope.data.districtId === ownCity),
        onCutOff: (reason) => ctx.cutOff?.(reason),
        after: args.after,
      });
      return eventsFor(fieldFeed, queue, ctx, info, (outcome) => feed.count(outcome));
    };
    field.resolve = (payload: unknown) => {
      if (payload instanceof EndedPayload)
        throw new GraphQLError(payload.reason.message, {
          extensions: { code: payload.reason.code },
        });
      return payload;
    };
  }
  return schema;
}
