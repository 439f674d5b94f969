import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { mutationResolvers } from './Mutation';
import { queryResolvers } from './Query';
import { DateTime, Employer, YearMonth } from './scalars';
import { typeResolvers } from './types';

export function createResolvers(): GraphQLResolverMap<unknown> {
  return {
    YearMonth,
    DateTime,
    Employer,
    Query: queryResolvers,
    Mutation: mutationResolvers,
    ...typeResolvers,
  } as GraphQLResolverMap<unknown>;
}
