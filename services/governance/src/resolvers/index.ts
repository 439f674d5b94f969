import type { Resolvers } from './generated';
import { mutationResolvers } from './Mutation';
import { queryResolvers } from './Query';
import { DateTime, JsonScalar, YearMonth } from './scalars';
import { typeResolvers } from './types';

export function createResolvers(): Resolvers {
  return {
    YearMonth,
    DateTime,
    JSON: JsonScalar,
    Query: queryResolvers,
    Mutation: mutationResolvers,
    ...typeResolvers,
  };
}
