import { CITY_IDS } from '@jobcenter/auth';
import { addMonths, yearMonthOf } from '@jobcenter/kernel';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { eventually, readTopic } from '@jobcenter/testing';

/**
 * `count` distinct caseload reports (district office, month) from position `offset` on: month by
 * month backwards from last month over the ten district offices, so that each is a first report
 * and gives one event and one row in every consumer's copy.
 */
export function reportPlan(count: number, offset = 0): { districtId: string; month: string }[] {
  const last = addMonths(yearMonthOf(new Date()), -1);
  return Array.from({ length: count }, (_, index) => {
    const position = index + offset;
    return {
      districtId: CITY_IDS[position % CITY_IDS.length]!,
      month: addMonths(last, -Math.floor(position / CITY_IDS.length)),
    };
  });
}

/** Runs `work` over `items` with at most `width` at a time, in order within each lane. */
export async function inLanes<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** One SQL query on a database of its own connection (the service's pool is not touched). */
export async function query<T = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** How a consumer's database records the events of `topic`: rows, distinct ids, dead letters. */
export async function appliedEvents(url: string, topic: string) {
  const [row] = await query<{ applied: number; distinct: number; dead: number }>(
    url,
    `SELECT (SELECT count(*)::int FROM applied_event WHERE topic = $1) AS applied,
            (SELECT count(DISTINCT event_id)::int FROM applied_event WHERE topic = $1) AS distinct,
            (SELECT count(*)::int FROM dead_letter_event WHERE topic = $1) AS dead`,
    [topic],
  );
  return row!;
}

/**
 * When a consumer applied the first and the last of the events of `topic` it applied since `since`
 * (epoch ms), in ms after `since` (from `applied_at`, the start of each event's transaction).
 */
export async function appliedSince(url: string, topic: string, since: number) {
  const [row] = await query<{ first: number; last: number }>(
    url,
    `SELECT round(extract(epoch FROM min(applied_at)) * 1000 - $2)::int AS first,
            round(extract(epoch FROM max(applied_at)) * 1000 - $2)::int AS last
       FROM applied_event WHERE topic = $1 AND applied_at >= to_timestamp($2 / 1000.0)`,
    [topic, since],
  );
  return row!;
}

/** Waits until `probe` is true and returns the milliseconds since `since`. */
export async function msUntil(
  probe: () => Promise<boolean>,
  what: string,
  since = Date.now(),
  timeoutMs = 90_000,
): Promise<number> {
  await eventually(probe, what, timeoutMs);
  return Date.now() - since;
}

/**
 * Every message on `topic` (read from the beginning until the reader has as many as the
 * partitions hold): the total and the CloudEvents ids.
 */
export async function topicCensus(topic: string, brokers: string[]) {
  const kafka = new Kafka({ clientId: 'census', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const total = offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  const reader = await readTopic(topic, brokers);
  try {
    await reader.waitFor(() => true, total, 60_000);
    const ids = reader.received.map((message) => String(message.value.id));
    return { messages: reader.received.length, ids: new Set(ids), received: reader.received };
  } finally {
    await reader.stop();
  }
}

/** A line of figures for the test output (jest prints console.log with its origin). */
export function report(title: string, figures: Record<string, unknown>): void {
  const text = Object.entries(figures)
    .map(([name, value]) => `  ${name}: ${Array.isArray(value) ? value.join(', ') : value}`)
    .join('\n');
  console.log(`${title}\n${text}`);
}
