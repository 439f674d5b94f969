import type { DataSource } from 'typeorm';
import { caseloadReportResolvers, unitResolvers } from './District';
import type { Resolvers } from './generated';
import { mutationResolvers } from './Mutation';
import { queryResolvers } from './Query';
import { Cents, DateTime, YearMonth } from './scalars';

export function createResolvers(dataSource: DataSource): Resolvers {
  return {
    YearMonth,
    Cents,
    DateTime,
    Query: queryResolvers(dataSource),
    Mutation: mutationResolvers,
    ...unitResolvers,
    ...caseloadReportResolvers,
  };
}
