import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DataSource } from 'typeorm';
import { caseloadReportResolvers, unitResolvers } from './District';
import { mutationResolvers } from './Mutation';
import { queryResolvers } from './Query';
import { Cents, DateTime, YearMonth } from './scalars';

export function createResolvers(dataSource: DataSource): GraphQLResolverMap<unknown> {
  return {
    YearMonth,
    Cents,
    DateTime,
    Query: queryResolvers(dataSource),
    Mutation: mutationResolvers,
    ...unitResolvers,
    ...caseloadReportResolvers,
  } as GraphQLResolverMap<unknown>;
}
