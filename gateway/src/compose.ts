import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
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

/** Composes a supergraph from subgraph SDL; throws with every composition error when it cannot. */
export function composeSupergraph(subgraphs: SubgraphDefinition[]): string {
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
  return result.supergraphSdl;
}
