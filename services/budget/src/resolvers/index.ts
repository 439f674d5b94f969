import { Cents, DateTime } from '@jobcenter/subgraph-server';
import type { Resolvers } from './generated';
import { mutationResolvers } from './Mutation';
import { queryResolvers } from './Query';
import { typeResolvers } from './types';

export function createResolvers(): Resolvers {
  return {
    Cents,
    DateTime,
    Query: queryResolvers,
    Mutation: mutationResolvers,
    ...typeResolvers,
  };
}
