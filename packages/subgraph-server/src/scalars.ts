import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { isYearMonth } from '@jobcenter/kernel';

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

export const YearMonth = new GraphQLScalarType<string, string>({
  name: 'YearMonth',
  description: 'A calendar month, YYYY-MM.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (!isYearMonth(value)) {
      throw badInput(
        `YearMonth must be written YYYY-MM (e.g. 2026-10), got ${JSON.stringify(value)}`,
      );
    }
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isYearMonth(ast.value)) {
      throw badInput('YearMonth must be a string written YYYY-MM (e.g. "2026-10")');
    }
    return ast.value;
  },
});

function toCents(value: unknown): number {
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw badInput(
      `Cents must be a whole number of euro cents (e.g. 12345 for 123.45 EUR), got ${JSON.stringify(value)}`,
    );
  }
  return number;
}

export const Cents = new GraphQLScalarType<number, number>({
  name: 'Cents',
  description: 'An amount in euro cents, an exact integer.',
  serialize: (value) => toCents(value),
  parseValue: (value) => toCents(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw badInput('Cents must be an integer literal (euro cents)');
    return toCents(ast.value);
  },
});

/** Scalars every subgraph declares the same way (YearMonth, Cents, DateTime, JSON). */
export const DateTime = DateTimeResolver;
export const JsonScalar = JSONResolver;
