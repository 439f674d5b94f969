import { AsyncLocalStorage } from 'node:async_hooks';

interface QueryLog {
  queries: string[];
}

const storage = new AsyncLocalStorage<QueryLog>();

/** Called by the TypeORM logger for every statement sent. */
export function recordQuery(query: string): void {
  const log = storage.getStore();
  if (log && !/^(START TRANSACTION|COMMIT|ROLLBACK)/i.test(query)) log.queries.push(query);
}

/**
 * Runs `work` and returns the SQL statements it sent (transaction control left out).
 * Used by tests and benchmarks to show that resolvers batch.
 */
export async function countQueries<T>(
  work: () => Promise<T>,
): Promise<{ result: T; queries: string[] }> {
  const log: QueryLog = { queries: [] };
  const result = await storage.run(log, work);
  return { result, queries: log.queries };
}
