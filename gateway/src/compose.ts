import { readFileSync } from 'node:fs';
import { composeServices, type CompositionSuccess } from '@apollo/composition';
import { join } from 'node:path';
import { extendSchema, lexicographicSortSchema, parse, printSchema } from 'graphql';
import { SUBGRAPHS } from './subgraphs';

export interface SubgraphDefinition {
  name: string;
  url: string;
  sdl: string;
}

/** The subgraphs as their SDL files describe them, with the URLs the gateway will call. */
export function subgraphDefinitions(urls: Record<string, string> = {}): SubgraphDefinition[] {
  return SUBGRAPHS.map((subgraph) => ({
    name: subgraph.name,
    url: urls[subgraph.urlVariable] ?? subgraph.defaultUrl,
    sdl: readFileSync(subgraph.sdlPath, 'utf8'),
  }));
}

function compose(subgraphs: SubgraphDefinition[]): CompositionSuccess {
  const result = composeServices(
    subgraphs.map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.url,
      typeDefs: parse(subgraph.sdl),
    })),
  );
  if (result.errors) {
    const messages = result.errors.map((error) => `  - ${error.message}`).join('\n');
    throw new Error(`The subgraphs do not compose into a supergraph:\n${messages}`);
  }
  return result;
}

/** Composes a supergraph from subgraph SDL; throws with every composition error when it cannot. */
export function composeSupergraph(subgraphs: SubgraphDefinition[]): string {
  return compose(subgraphs).supergraphSdl;
}

/** The gateway's own `Subscription` type (served by the gateway, fed by Kafka; docs/subscriptions.md). */
export const SUBSCRIPTIONS_SDL_PATH = join(__dirname, '../src/subscriptions.graphql');

/**
 * The composed API schema, as clients see the one graph (no federation machinery), printed with
 * types and fields sorted so that a diff shows only what changed, with the gateway's
 * subscriptions (gateway/src/subscriptions.graphql). Frontends type their operations
 * against it (schema/api.graphql).
 */
export function composeApiSchema(subgraphs: SubgraphDefinition[]): string {
  const api = compose(subgraphs).schema.toAPISchema().toGraphQLJSSchema();
  const withSubscriptions = extendSchema(api, parse(readFileSync(SUBSCRIPTIONS_SDL_PATH, 'utf8')));
  return printSchema(lexicographicSortSchema(withSubscriptions)) + '\n';
}
