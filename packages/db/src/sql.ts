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

/**
 * Runs `insert` (`INSERT INTO t (a, b)`) with one `VALUES` tuple per row, all rows in one
 * statement; nothing for no rows. Every row has the columns' number of parameters.
 */
export async function insertRows(
  manager: EntityManager,
  insert: string,
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  const values = rows
    .map(
      (_, r) => `(${Array.from({ length: width }, (__, c) => `$${r * width + c + 1}`).join(', ')})`,
    )
    .join(', ');
  await manager.query(`${insert} VALUES ${values}`, rows.flat());
}
