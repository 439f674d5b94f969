import type { EntityManager } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids stored as `uuid`: anything else names nothing (and would make PostgreSQL fail the query). */
export const isUuid = (value: string): boolean => UUID.test(value);
export const onlyUuids = (values: readonly string[]): string[] => values.filter(isUuid);

/**
 * A transaction-scoped advisory lock on a name: serialises work on one thing that may not exist
 * as a row yet (the next number of a series, the first allocation of a year, a district's gap).
 */
export async function lockName(manager: EntityManager, name: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
}
