import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { mutationResolvers } from './Mutation';
import { queryResolvers } from './Query';
import { DateTime, JsonScalar, YearMonth } from './scalars';
import { typeResolvers } from './types';

export function createResolvers(): GraphQLResolverMap<unknown> {
  return {
    YearMonth,
    DateTime,
    JSON: JsonScalar,
    Query: queryResolvers,
    Mutation: mutationResolvers,
    ...typeResolvers,
  } as GraphQLResolverMap<unknown>;
}
