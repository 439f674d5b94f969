import type { Resolvers } from './generated';
import { mutationResolvers } from './Mutation';
import { queryResolvers } from './Query';
import { DateTime, Employer, YearMonth } from './scalars';
import { typeResolvers } from './types';

export function createResolvers(): Resolvers {
  return {
    YearMonth,
    DateTime,
    Employer,
    Query: queryResolvers,
    Mutation: mutationResolvers,
    ...typeResolvers,
  };
}
