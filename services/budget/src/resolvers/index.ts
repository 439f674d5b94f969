import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { Cents, DateTime } from '@jobcenter/subgraph-server';
import { mutationResolvers } from './Mutation';
import { queryResolvers } from './Query';
import { typeResolvers } from './types';

export function createResolvers(): GraphQLResolverMap<unknown> {
  return {
    Cents,
    DateTime,
    Query: queryResolvers,
    Mutation: mutationResolvers,
    ...typeResolvers,
  } as GraphQLResolverMap<unknown>;
}
