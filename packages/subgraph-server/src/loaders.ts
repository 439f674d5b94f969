import DataLoader from 'dataloader';

/**
 * A per-request loader of single items: one `fetch` for all the keys asked for in one tick,
 * null for a key that has no item.
 */
export function keyedLoader<T>(
  fetch: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (item: T) => string,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (keys) => {
    const found = new Map((await fetch(keys)).map((item) => [keyOf(item), item]));
    return keys.map((key) => found.get(key) ?? null);
  });
}

/** A per-request loader of lists: one `fetch` for all keys, its items grouped by `keyOf`. */
export function groupedLoader<T>(
  fetch: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (item: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>();
    for (const item of await fetch(keys)) {
      const key = keyOf(item);
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * The item a record refers to by key (a foreign key), for a non-null field: found, or an error
 * naming the missing item (only a broken database has none).
 */
export async function referenced<T>(
  loader: { load: (key: string) => Promise<T | null> },
  key: string,
  what: string,
): Promise<T> {
  const item = await loader.load(key);
  if (item === null) throw new Error(`${what} ${key} does not exist`);
  return item;
}
