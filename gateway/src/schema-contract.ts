import { buildSchema, findBreakingChanges, findDangerousChanges } from 'graphql';

/**
 * The client schema as a contract: what the composed API schema changes against the released one.
 * graphql-js's own schema comparison (`findBreakingChanges`, `findDangerousChanges`) decides what
 * breaks a client: a removed or retyped field, argument or enum value, a new required argument.
 * A deprecation is not a change of the contract, and an added field or type breaks nothing.
 */
export interface SchemaComparison {
  breaking: string[];
  dangerous: string[];
}

export function compareClientSchemas(released: string, current: string): SchemaComparison {
  const before = buildSchema(released);
  const after = buildSchema(current);
  return {
    breaking: findBreakingChanges(before, after).map(
      (change) => `${change.type}: ${change.description}`,
    ),
    dangerous: findDangerousChanges(before, after).map(
      (change) => `${change.type}: ${change.description}`,
    ),
  };
}
