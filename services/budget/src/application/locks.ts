import type { EntityManager } from 'typeorm';

/**
 * A transaction-scoped advisory lock on a name: serialises work on one thing that may not exist
 * as a row yet (a proposal whose adoption arrived first, the first allocation of a year).
 */
export async function lockName(manager: EntityManager, name: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
}

/** bigint columns arrive as strings; amounts stay within JavaScript's safe integers (Cents). */
export function cents(value: string | number | bigint): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${value} cents is out of range`);
  return number;
}
