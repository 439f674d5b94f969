import type express from 'express';
import { GraphQLError } from 'graphql';
import type { Principal, TokenVerifier } from '@jobcenter/auth';
import type { Logger } from '@jobcenter/logger';
import { isUuid } from '@jobcenter/db';
import { mayReadBoardWork } from '../resolvers/permissions';
import type { Audience, OparlBody } from './render';
import { served, type ListFilter, type OparlStore, type StoredObject } from './store';
import { isOparlPath, UUID_ID_PATHS, type OparlPath } from './urls';

/** A request the API refuses: the status and a message naming what is wrong (OParl 2.9). */
class OparlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const LIST_PARAMETERS = [
  'created_since',
  'created_until',
  'modified_since',
  'modified_until',
  'omit_internal',
  'limit',
  'cursor',
] as const;
type ListParameter = (typeof LIST_PARAMETERS)[number];

/** The lists an object embeds (OParl 2.5); `omit_internal=true` leaves them out. */
const INTERNAL_LISTS: Partial<Record<OparlPath, string[]>> = {
  meeting: ['agendaItem', 'auxiliaryFile'],
  agendaItem: ['auxiliaryFile'],
  paper: ['auxiliaryFile', 'location'],
  person: ['membership'],
  body: ['legislativeTerm'],
};

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** The date of a year, month and day (Date.UTC would move the years 0-99 to 1900-1999). */
function calendarDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** A full `date-time` (OParl 2.5): a real date, a time and a zone; anything else is refused. */
function parseDateTime(name: string, value: string): string {
  const match = DATE_TIME.exec(value);
  const [year, month, day, hour, minute, second = '0', zoneHour = '0', zoneMinute = '0'] = (
    match?.slice(1) ?? []
  ).map((part) => part ?? '0');
  const calendar = match ? calendarDate(Number(year), Number(month), Number(day)) : null;
  if (
    !match ||
    Number(year) < 1 ||
    calendar!.getUTCDate() !== Number(day) ||
    calendar!.getUTCMonth() !== Number(month) - 1 ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59 ||
    // PostgreSQL takes zone offsets up to 15:59.
    Number(zoneHour) > 15 ||
    Number(zoneMinute) > 59
  ) {
    throw new OparlError(
      400,
      `${name} must be a date-time with time zone, e.g. 2026-01-01T00:00:00+01:00 (got "${value}")`,
    );
  }
  return value;
}

/** Decodes a part of the URL; bad percent-encoding (such as %C0) is the client's error. */
function decodePart(what: string, raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new OparlError(400, `${what} is not valid percent-encoded UTF-8: "${raw}"`);
  }
  if (/\p{Cc}/u.test(decoded))
    throw new OparlError(400, `${what} must not contain control characters`);
  return decoded;
}

function parseQuery(rawQuery: string, allowed: readonly string[]): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const [rawName = '', ...rest] = pair.split('=');
    const name = decodePart('A query parameter name', rawName);
    const value = decodePart(`The query parameter ${name}`, rest.join('='));
    if (!allowed.includes(name)) {
      throw new OparlError(
        400,
        `Unknown query parameter "${name}"; ${allowed.length ? `allowed here: ${allowed.join(', ')}` : 'none is allowed here'}`,
      );
    }
    if (parameters.has(name))
      throw new OparlError(400, `The query parameter ${name} is given twice`);
    parameters.set(name, value);
  }
  return parameters;
}

function parseBoolean(name: string, value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new OparlError(400, `${name} must be true or false (got "${value}")`);
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT)
    throw new OparlError(
      400,
      `limit must be a whole number from 1 to ${MAX_LIMIT} (got "${value}")`,
    );
  return Number(value);
}

/** The cursor is the (modified, id) of the last object of the page before, as this API wrote it. */
const encodeCursor = (cursor: [string, string]) =>
  Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

function decodeCursor(value: string | undefined): [string, string] | undefined {
  if (value === undefined) return undefined;
  try {
    const cursor: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(cursor) &&
      cursor.length === 2 &&
      typeof cursor[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(cursor[0]) &&
      // a real moment: written back, it is the same to the millisecond (2026-02-30 is not)
      !Number.isNaN(Date.parse(cursor[0])) &&
      new Date(cursor[0]).toISOString().slice(0, 23) === cursor[0].slice(0, 23) &&
      typeof cursor[1] === 'string' &&
      cursor[1].length <= 500
    )
      return [cursor[0], cursor[1]];
  } catch {
    // falls through to the error below
  }
  throw new OparlError(400, 'cursor is not one this API gave: follow links.next as it is');
}

function withoutInternalLists(path: OparlPath, body: OparlBody): OparlBody {
  const omitted = INTERNAL_LISTS[path] ?? [];
  return Object.fromEntries(Object.entries(body).filter(([key]) => !omitted.includes(key)));
}

/** Which id a path's object may have: UUIDs for governance's rows, short names for the rest. */
function checkId(path: OparlPath, id: string): void {
  if (UUID_ID_PATHS.includes(path) && !isUuid(id))
    throw new OparlError(400, `A ${path} id is a UUID (got "${id}")`);
  if (id.length === 0 || id.length > 200)
    throw new OparlError(400, `A ${path} id has 1 to 200 characters`);
}

const audienceOf = (principal: Principal | null): Audience =>
  mayReadBoardWork(principal) ? 'internal' : 'public';

/**
 * The OParl 1.1 API (docs/oparl.md): `GET /oparl/v1/system`, `/oparl/v1/{type}` (lists) and
 * `/oparl/v1/{type}/{id}`, plus each File's text at `/oparl/v1/file/{id}/content`. Anonymous
 * callers see what is public; a token of the county or the board also what is not.
 */
export function oparlRoutes(
  app: express.Express,
  verifyToken: TokenVerifier,
  store: OparlStore,
  logger: Logger,
): void {
  app.use('/oparl/v1', async (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Vary', 'Authorization');
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        throw new OparlError(405, `The OParl API is read-only: ${req.method} is not allowed`);
      }
      // The raw URL, so that every part is decoded (and checked) once, here.
      const raw = req.originalUrl.slice(req.originalUrl.indexOf('/oparl/v1') + '/oparl/v1'.length);
      const queryAt = raw.indexOf('?');
      const rawPath = queryAt < 0 ? raw : raw.slice(0, queryAt);
      const rawQuery = queryAt < 0 ? '' : raw.slice(queryAt + 1);
      const segments = rawPath
        .split('/')
        .filter(Boolean)
        .map((part) => decodePart('The URL path', part));
      const principal = await verifyToken(req.header('authorization'));
      const audience = audienceOf(principal);
      const [pathName = 'system', id, extra, ...beyond] = segments;
      if (
        !isOparlPath(pathName) ||
        beyond.length > 0 ||
        (extra && (pathName !== 'file' || extra !== 'content'))
      )
        throw new OparlError(
          404,
          `There is no ${rawPath || '/'} in this OParl API; start at /oparl/v1/system`,
        );
      const path: OparlPath = pathName;
      res.setHeader('Cache-Control', audience === 'public' ? 'no-cache' : 'private, no-store');

      if (path === 'system' || id !== undefined) {
        const query = parseQuery(rawQuery, path === 'system' || !extra ? ['omit_internal'] : []);
        const omitInternal = parseBoolean('omit_internal', query.get('omit_internal'));
        if (path === 'system' && id !== undefined)
          throw new OparlError(404, 'The system is /oparl/v1/system');
        const objectId = path === 'system' ? 'system' : id!;
        checkId(path, objectId);
        const object = await store.read((objects) => objects.get(audience, path, objectId));
        if (!object) throw new OparlError(404, `There is no ${path} ${objectId}`);
        if (extra) return sendFileContent(res, object);
        const body = served(object);
        res
          .status(200)
          .json(omitInternal && !object.deleted ? withoutInternalLists(path, body) : body);
        return;
      }

      const query = parseQuery(rawQuery, LIST_PARAMETERS);
      const get = (name: ListParameter) => query.get(name);
      const date = (name: ListParameter) => {
        const value = get(name);
        return value === undefined ? undefined : parseDateTime(name, value);
      };
      const filter: ListFilter = {
        createdSince: date('created_since'),
        createdUntil: date('created_until'),
        modifiedSince: date('modified_since'),
        modifiedUntil: date('modified_until'),
        after: decodeCursor(get('cursor')),
        limit: parseLimit(get('limit')),
      };
      const omitInternal = parseBoolean('omit_internal', get('omit_internal'));
      const page = await store.read((objects) => objects.list(audience, path, filter));
      const listUrl = (cursor?: [string, string]) => {
        const kept = new URLSearchParams([...query].filter(([name]) => name !== 'cursor'));
        if (cursor) kept.set('cursor', encodeCursor(cursor));
        const search = kept.toString();
        return `${store.urls.list(path)}${search ? `?${search}` : ''}`;
      };
      const last = page.objects.at(-1);
      res.status(200).json({
        data: page.objects.map((object) => {
          const body = served(object);
          return omitInternal && !object.deleted ? withoutInternalLists(path, body) : body;
        }),
        pagination: { totalElements: page.total, elementsPerPage: filter.limit },
        links: {
          first: listUrl(),
          self: listUrl(filter.after),
          ...(page.more && last ? { next: listUrl(last.cursor) } : {}),
        },
      });
    } catch (error) {
      const status =
        error instanceof OparlError
          ? error.status
          : error instanceof GraphQLError && error.extensions?.code === 'UNAUTHENTICATED'
            ? 401
            : 500;
      if (status === 500)
        logger.error({ err: error, url: req.originalUrl }, 'OParl request failed');
      res.status(status).json({
        type: 'https://schema.oparl.org/1.1/Error',
        message: status === 500 ? 'Internal server error' : (error as Error).message,
      });
    }
  });
}

/** A File's text, as its `accessUrl` promises (`text/plain`, UTF-8). */
function sendFileContent(res: express.Response, object: StoredObject): void {
  if (object.deleted) throw new OparlError(404, 'This file was deleted');
  res
    .status(200)
    .type('text/plain; charset=utf-8')
    .send(String(object.body.text ?? ''));
}
