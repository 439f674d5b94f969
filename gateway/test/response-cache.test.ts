import { ResponseCache } from '../src/response-cache/response-cache';

/** A cache on a clock the test moves, vouched for by heartbeats of `services`. */
function aCache(services: string[] = ['districts', 'personnel'], settings = {}) {
  let now = 1_000_000;
  const cache = new ResponseCache({
    maxBytes: 1024 * 1024,
    heartbeatTimeoutMs: 3000,
    now: () => now,
    ...settings,
  });
  cache.setFeed(true);
  const beat = () => {
    for (const service of services) cache.heartbeat(service, `${service}-db`, now);
  };
  beat();
  return {
    cache,
    beat,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('the response cache', () => {
  it('serves an answer until a service it was computed from changes', () => {
    const { cache } = aCache();
    expect(cache.store('k', '{"data":1}', ['districts', 'personnel'], cache.snapshot())).toBe(true);
    expect(cache.lookup('k')).toBe('{"data":1}');

    cache.invalidate('budget');
    expect(cache.lookup('k')).toBe('{"data":1}');

    cache.invalidate('personnel');
    expect(cache.lookup('k')).toBeUndefined();
  });

  it('does not store an answer whose computation overlapped a change of its services', () => {
    const { cache } = aCache();
    const before = cache.snapshot();
    cache.invalidate('districts');

    expect(cache.store('k', '{"data":"old"}', ['districts'], before)).toBe(false);
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.stats().notStored).toBe(1);
  });

  it('serves and stores nothing of a service whose heartbeats stay away', () => {
    const { cache, beat, advance } = aCache();
    cache.store('k', '{"data":1}', ['districts'], cache.snapshot());
    advance(2000);
    expect(cache.lookup('k')).toBe('{"data":1}');

    advance(1500);
    expect(cache.vouchesFor('districts')).toBe(false);
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.store('k', '{"data":2}', ['districts'], cache.snapshot())).toBe(false);

    beat();
    expect(cache.store('k', '{"data":2}', ['districts'], cache.snapshot())).toBe(true);
  });

  it('drops everything when the change feed is lost, and waits for new heartbeats', () => {
    const { cache, beat } = aCache();
    cache.store('k', '{"data":1}', ['districts'], cache.snapshot());

    cache.setFeed(false);
    expect(cache.lookup('k')).toBeUndefined();
    cache.setFeed(true);
    expect(cache.vouchesFor('districts')).toBe(false);

    beat();
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.vouchesFor('districts')).toBe(true);
  });

  it('takes no heartbeat that arrives late or claims to come from the future', () => {
    const { cache } = aCache([]);
    cache.heartbeat('districts', 'districts-db', 1_000_000 + 60_000);
    expect(cache.vouchesFor('districts')).toBe(false);
    cache.heartbeat('districts', 'districts-db', 1_000_000 - 10_000);
    expect(cache.vouchesFor('districts')).toBe(false);
    cache.heartbeat('districts', 'districts-db', 1_000_000 - 100);
    expect(cache.vouchesFor('districts')).toBe(true);
  });

  it('does not store an answer begun before the service was trusted', () => {
    const { cache, advance } = aCache(['districts']);
    advance(3500);
    expect(cache.vouchesFor('districts')).toBe(false);
    const begun = cache.snapshot();
    cache.heartbeat('districts', 'districts-db', 1_003_500);
    expect(cache.vouchesFor('districts')).toBe(true);

    expect(cache.store('k', '{"data":"old"}', ['districts'], begun)).toBe(false);
    expect(cache.store('k', '{"data":"new"}', ['districts'], cache.snapshot())).toBe(true);
  });

  it('drops every answer at midnight (UTC): the services read "today"', () => {
    let now = Date.UTC(2026, 11, 1, 23, 59, 0);
    const cache = new ResponseCache({
      maxBytes: 1 << 20,
      heartbeatTimeoutMs: 3000,
      now: () => now,
    });
    cache.setFeed(true);
    cache.heartbeat('personnel', 'personnel-db', now);
    cache.store('k', '{"data":1}', ['personnel'], cache.snapshot());
    expect(cache.lookup('k')).toBe('{"data":1}');

    now += 61_000;
    cache.heartbeat('personnel', 'personnel-db', now);
    expect(cache.lookup('k')).toBeUndefined();
  });

  it('needs a heartbeat of every instance of a service (city-owned districts instances)', () => {
    const { cache } = aCache([], { expectedInstances: { districts: 2 } });
    cache.heartbeat('districts', 'central-db', 1_000_000);
    expect(cache.vouchesFor('districts')).toBe(false);
    cache.heartbeat('districts', 'marl-db', 1_000_000);
    expect(cache.vouchesFor('districts')).toBe(true);
  });

  it('stays within its memory bound, dropping the least recently used answers', () => {
    const { cache } = aCache(['districts'], { maxBytes: 10_000 });
    const body = JSON.stringify({ data: 'x'.repeat(1000) });
    for (let i = 0; i < 50; i += 1) cache.store(`k${i}`, body, ['districts'], cache.snapshot());

    expect(cache.stats().bytes).toBeLessThanOrEqual(10_000);
    expect(cache.stats().entries).toBeLessThan(50);
    expect(cache.lookup('k49')).toBe(body);
    expect(cache.lookup('k0')).toBeUndefined();
  });
});
