import { GraphQLError } from 'graphql';

/**
 * An event cursor: where a topic stood after an event, as the next offset of each of its
 * partitions. It names everything delivered up to that event, in every partition, so a client
 * that resumes after it misses nothing and gets nothing twice. Opaque to clients (base64url of
 * the topic and the offsets); the same on every gateway replica, since offsets are the topic's.
 */
export interface EventCursor {
  topic: string;
  offsets: number[];
}

export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.topic, cursor.offsets])).toString('base64url');
}

const badCursor = (reason: string) =>
  new GraphQLError(`after: ${reason}; pass the \`cursor\` of the last event received`, {
    extensions: { code: 'BAD_USER_INPUT', field: 'after' },
  });

/** The cursor a client passed as `after`, checked against the field's topic. */
export function decodeCursor(text: string, topic: string, partitions: number): EventCursor {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('not an event cursor');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    !Array.isArray(parsed[1]) ||
    !parsed[1].every((offset) => Number.isSafeInteger(offset) && offset >= 0)
  )
    throw badCursor('not an event cursor');
  if (parsed[0] !== topic) throw badCursor('a cursor of another subscription field');
  if (parsed[1].length !== partitions) throw badCursor('a cursor of another layout of the topic');
  return { topic, offsets: parsed[1] as number[] };
}
