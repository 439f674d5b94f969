import DataLoader from 'dataloader';
import { RuleViolation } from '@jobcenter/kernel';

/**
 * Relay cursor connections over keyset pagination: a page is one SQL statement that starts after
 * (or before) the cursor's sort key, so a cursor stays valid and a page never repeats or skips a
 * row when rows are added between pages. The total is a second statement, run only when asked for.
 */

/** The most items a page may hold (`first` or `last`). */
export const MAX_PAGE_SIZE = 100;
/** The page size when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 20;

export interface PageArguments {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  nodes: Node[];
  pageInfo: PageInfo;
  /** A function, so that GraphQL's default resolver counts only when `totalCount` is selected. */
  totalCount: () => Promise<number>;
}

/** A column (or expression) of the sort; the last key of a list must be unique. */
export interface SortKey {
  expression: string;
  /** The PostgreSQL type the cursor's text is cast to when compared. */
  type: 'text' | 'uuid' | 'integer' | 'bigint' | 'date' | 'timestamptz';
  descending?: boolean;
}

export interface KeysetList<Row, Node> {
  /** Names the list inside its cursors, so that a cursor of another list is refused. */
  name: string;
  /** What the rows hold (`SELECT` list, without the sort keys: they are added). */
  select: string;
  /** Table(s) and joins. */
  from: string;
  /** Conditions using `$1`, `$2`, ... of `parameters`. */
  where?: readonly string[];
  parameters?: readonly unknown[];
  orderBy: readonly SortKey[];
  toNode: (row: Row) => Node;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

interface Page {
  forward: boolean;
  size: number;
  cursor: string[] | null;
  cursorField: 'after' | 'before';
}

function pageSize(value: number | null | undefined, field: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw new RuleViolation(`${field} must be a whole number from 0 to ${MAX_PAGE_SIZE}`, field);
  }
  if (value > MAX_PAGE_SIZE) {
    throw new RuleViolation(
      `${field} may be at most ${MAX_PAGE_SIZE} (asked for ${value}); follow pageInfo.endCursor for more`,
      field,
    );
  }
  return value;
}

export function encodeCursor(list: string, values: readonly string[]): string {
  return Buffer.from(JSON.stringify([list, ...values])).toString('base64url');
}

function decodeCursor(cursor: string, list: string, keys: number, field: string): string[] {
  const refused = new RuleViolation(`${field} is not a cursor of this list`, field);
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw refused;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused;
  }
  if (
    !Array.isArray(decoded) ||
    decoded[0] !== list ||
    decoded.length !== keys + 1 ||
    !decoded.every((value) => typeof value === 'string')
  ) {
    throw refused;
  }
  return decoded.slice(1) as string[];
}

/** Checks the Relay arguments: one direction, a page size within the maximum, a cursor of this list. */
export function parsePage(args: PageArguments, list: string, keys: number): Page {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first !== undefined && last !== undefined) {
    throw new RuleViolation('give first (with after) or last (with before), not both', 'last');
  }
  if (args.after != null && args.before != null) {
    throw new RuleViolation('give after or before, not both', 'before');
  }
  if (first !== undefined && args.before != null) {
    throw new RuleViolation('before goes with last, not with first', 'before');
  }
  if (last !== undefined && args.after != null) {
    throw new RuleViolation('after goes with first, not with last', 'after');
  }
  const forward = last === undefined && args.before == null;
  const cursorField = forward ? 'after' : 'before';
  const cursor = forward ? args.after : args.before;
  return {
    forward,
    size: (forward ? first : last) ?? DEFAULT_PAGE_SIZE,
    cursor: cursor == null ? null : decodeCursor(cursor, list, keys, cursorField),
    cursorField,
  };
}

/**
 * The condition "comes after the cursor" in the page's reading direction. A sort in one direction
 * is a row comparison (which an index on the keys answers); a mixed one is spelled out.
 */
function keysetCondition(
  orderBy: readonly SortKey[],
  forward: boolean,
  placeholders: string[],
): string {
  const later = (key: SortKey) => (Boolean(key.descending) === forward ? '<' : '>');
  const cast = (index: number) => `${placeholders[index]}::${orderBy[index]!.type}`;
  if (orderBy.every((key) => Boolean(key.descending) === Boolean(orderBy[0]!.descending))) {
    const columns = orderBy.map((key) => key.expression).join(', ');
    const values = orderBy.map((_, index) => cast(index)).join(', ');
    return `(${columns}) ${later(orderBy[0]!)} (${values})`;
  }
  const alternatives = orderBy.map((key, index) => {
    const equal = orderBy.slice(0, index).map((k, i) => `${k.expression} = ${cast(i)}`);
    return `(${[...equal, `${key.expression} ${later(key)} ${cast(index)}`].join(' AND ')})`;
  });
  return `(${alternatives.join(' OR ')})`;
}

function orderClause(orderBy: readonly SortKey[], forward: boolean): string {
  return orderBy
    .map((key) => `${key.expression} ${Boolean(key.descending) === forward ? 'DESC' : 'ASC'}`)
    .join(', ');
}

const cursorColumns = (orderBy: readonly SortKey[]) =>
  orderBy.map((key, index) => `(${key.expression})::text AS "__key${index}"`).join(', ');

type KeyedRow = Record<string, unknown>;

function toConnection<Row, Node>(
  list: KeysetList<Row, Node>,
  page: Page,
  rows: KeyedRow[],
  count: () => Promise<number>,
  hadCursor: boolean,
): Connection<Node> {
  const more = rows.length > page.size;
  const taken = rows.slice(0, page.size);
  if (!page.forward) taken.reverse();
  const edges = taken.map((row) => ({
    cursor: encodeCursor(
      list.name,
      list.orderBy.map((_, index) => row[`__key${index}`] as string),
    ),
    node: list.toNode(row as Row),
  }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      // Relay lets a page say false for the side it did not read; a cursor means rows lie behind it.
      hasNextPage: page.forward ? more : hadCursor,
      hasPreviousPage: page.forward ? hadCursor : more,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: count,
  };
}

/** The page of a list the caller may not read: nothing, and nothing more. */
export function emptyConnection<Node>(): Connection<Node> {
  return {
    edges: [],
    nodes: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    totalCount: () => Promise.resolve(0),
  };
}

/** A forged cursor whose values are not of the key's type fails the cast: said as a bad cursor. */
async function run<T>(statement: Promise<T>, page: Page): Promise<T> {
  try {
    return await statement;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code && ['22P02', '22007', '22008', '22003'].includes(code)) {
      throw new RuleViolation(`${page.cursorField} is not a cursor of this list`, page.cursorField);
    }
    throw error;
  }
}

function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= compute());
}

/** One page of a list: one statement for the page, one more for `totalCount` when selected. */
export async function keysetPage<Row, Node>(
  db: Queryable,
  list: KeysetList<Row, Node>,
  args: PageArguments,
): Promise<Connection<Node>> {
  const page = parsePage(args, list.name, list.orderBy.length);
  const parameters = [...(list.parameters ?? [])];
  const where = [...(list.where ?? [])];
  // The count is built now: the page's keyset condition and cursor values come after.
  const countSql = `SELECT count(*)::int AS total FROM ${list.from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const countParameters = [...parameters];
  const count = once(async () => {
    const [row] = (await db.query(countSql, countParameters)) as { total: number }[];
    return row!.total;
  });
  if (page.cursor) {
    const placeholders = page.cursor.map((value) => `$${parameters.push(value)}`);
    where.push(keysetCondition(list.orderBy, page.forward, placeholders));
  }
  const rows = (await run(
    db.query(
      `SELECT ${list.select}, ${cursorColumns(list.orderBy)} FROM ${list.from}
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${orderClause(list.orderBy, page.forward)} LIMIT ${page.size + 1}`,
      parameters,
    ),
    page,
  )) as KeyedRow[];
  return toConnection(list, page, rows, count, page.cursor !== null);
}

/**
 * The same page of a list for many parents (e.g. each district's posts) in one statement: a
 * lateral keyset page per parent, and one grouped count for all of them.
 */
export async function keysetPagesOf<Row, Node>(
  db: Queryable,
  list: KeysetList<Row, Node> & { parent: string },
  parentIds: readonly string[],
  args: PageArguments,
): Promise<Map<string, Connection<Node>>> {
  const page = parsePage(args, list.name, list.orderBy.length);
  const parameters = [...(list.parameters ?? [])];
  const where = [...(list.where ?? [])];
  const parentsAt = parameters.push([...parentIds]);
  const countSql = `SELECT (${list.parent})::text AS parent, count(*)::int AS total FROM ${list.from}
       WHERE ${[`(${list.parent})::text = ANY($${parentsAt}::text[])`, ...where].join(' AND ')}
       GROUP BY 1`;
  const countParameters = [...parameters];
  const counts = once(async () => {
    const rows = (await db.query(countSql, countParameters)) as {
      parent: string;
      total: number;
    }[];
    return new Map(rows.map((row) => [row.parent, row.total]));
  });
  if (page.cursor) {
    const placeholders = page.cursor.map((value) => `$${parameters.push(value)}`);
    where.push(keysetCondition(list.orderBy, page.forward, placeholders));
  }
  const rows = (await run(
    db.query(
      `SELECT parents.id AS "__parent", paged.* FROM unnest($${parentsAt}::text[]) AS parents(id)
       CROSS JOIN LATERAL (
         SELECT ${list.select}, ${cursorColumns(list.orderBy)} FROM ${list.from}
         WHERE ${[`(${list.parent})::text = parents.id`, ...where].join(' AND ')}
         ORDER BY ${orderClause(list.orderBy, page.forward)} LIMIT ${page.size + 1}
       ) AS paged`,
      parameters,
    ),
    page,
  )) as KeyedRow[];
  const byParent = new Map<string, KeyedRow[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) byParent.get(row['__parent'] as string)?.push(row);
  return new Map(
    [...byParent].map(([id, ofParent]) => [
      id,
      toConnection(
        list,
        page,
        ofParent,
        async () => (await counts()).get(id) ?? 0,
        page.cursor !== null,
      ),
    ]),
  );
}

/**
 * A per-request loader of one connection per parent: the parents asked for in one tick with the
 * same arguments share one statement (`keysetPagesOf`).
 */
export function connectionLoader<Node, Args extends PageArguments>(
  fetch: (parentIds: readonly string[], args: Args) => Promise<Map<string, Connection<Node>>>,
): { load: (parentId: string, args: Args) => Promise<Connection<Node>> } {
  const loaders = new Map<string, DataLoader<string, Connection<Node>>>();
  return {
    load: (parentId, args) => {
      const key = JSON.stringify(Object.entries(args).sort(([a], [b]) => a.localeCompare(b)));
      let loader = loaders.get(key);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const pages = await fetch(ids, args);
          return ids.map((id) => pages.get(id)!);
        });
        loaders.set(key, loader);
      }
      return loader.load(parentId);
    },
  };
}
