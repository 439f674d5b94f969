import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { createResolvers } from './resolvers';

/** The subgraph's SDL; the gateway's supergraph is composed from this file. */
export const schemaPath = join(__dirname, '..', 'src', 'schema.graphql');
export const typeDefs = parse(readFileSync(schemaPath, 'utf8'));

export function createSchema(): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs, resolvers: createResolvers() }]);
}
