import { LRUCache } from 'lru-cache';

/** The data version of each service an answer was computed from, and the trust epoch. */
export type Versions = Record<string, number>;

interface Entry {
  body: string;
  versions: Versions;
}

export interface ResponseCacheSettings {
  /** Most bytes of answers kept (least recently used go first). */
  maxBytes: number;
  /** A service whose last heartbeat arrived longer ago than this is not vouched for. */
  heartbeatTimeoutMs: number;
  /** How many instances (databases) of a service must send heartbeats, e.g. city-owned districts. */
  expectedInstances?: Record<string, number>;
  now?: () => number;
}

export interface ResponseCacheStats {
  /** Requests answered from the cache, and those computed. */
  hits: number;
  misses: number;
  /** Subgraph requests answered from the cache, and those sent. */
  fetchHits: number;
  fetchMisses: number;
  stored: number;
  /** Answers not stored: an error, a mutation, a change meanwhile, or a service not vouched for. */
  notStored: number;
  invalidations: number;
  entries: number;
  bytes: number;
}

/**
 * Pseudo-services every answer depends on: the day (the services read "today" in UTC: an
 * employment that begins tomorrow counts from midnight on, without a write) and the trust epoch
 * (raised whenever the cache begins to trust a service again, so that nothing computed before can
 * be stored under the new trust: notices from before it may have been missed).
 */
const DAY = '@day';
const TRUST = '@trust';
const DAY_MS = 24 * 3600 * 1000;

/**
 * Answers of queries, kept per key (document, variables and the caller's permission scope) with the
 * data version of every service they were computed from. A change notice of a service raises its
 * version, which makes every answer computed from the older version invisible; answers are only
 * served and stored while the change feed vouches for each service they depend on (its heartbeats
 * are recent), and an answer whose computation overlapped a change, a day change or a new trust
 * is not stored at all.
 */
export class ResponseCache {
  private readonly versions = new Map<string, number>([
    [DAY, 0],
    [TRUST, 0],
  ]);
  /** service -> instance -> when its last heartbeat arrived (ms, this clock). */
  private readonly heartbeats = new Map<string, Map<string, number>>();
  private feedUp = false;
  private dayEnds: number;
  private readonly entries: LRUCache<string, Entry>;
  private readonly now: () => number;
  private readonly counts = {
    hits: 0,
    misses: 0,
    fetchHits: 0,
    fetchMisses: 0,
    stored: 0,
    notStored: 0,
    invalidations: 0,
  };

  constructor(private readonly settings: ResponseCacheSettings) {
    this.now = settings.now ?? Date.now;
    this.dayEnds = nextUtcMidnight(this.now());
    this.entries = new LRUCache<string, Entry>({
      maxSize: settings.maxBytes,
      sizeCalculation: (entry, key) => entry.body.length + key.length + 64,
    });
  }

  /** The versions now; an answer is stored only if its services still have these when it is done. */
  snapshot(): Versions {
    this.turnDay();
    const snapshot = Object.fromEntries(this.versions);
    // A service not vouched for at the start cannot vouch for an answer begun then.
    for (const service of this.heartbeats.keys())
      if (!this.vouchesFor(service)) snapshot[service] = -1;
    return snapshot;
  }

  /** A change in `service`: every answer computed from its data so far is gone. */
  invalidate(service: string): void {
    this.bump(service);
    this.counts.invalidations += 1;
  }

  /**
   * A heartbeat of `service`'s instance, sent at `sentAt` by the sender's clock. It counts from
   * its arrival, and only when the two clocks roughly agree: a heartbeat that arrives late (a
   * lagging consumer) or claims to come from the future (a fast clock) vouches for nothing.
   */
  heartbeat(service: string, instance: string, sentAt: number): void {
    const arrived = this.now();
    const { heartbeatTimeoutMs } = this.settings;
    if (Math.abs(arrived - sentAt) > heartbeatTimeoutMs / 2) return;
    const wasVouched = this.vouchesFor(service);
    const instances = this.heartbeats.get(service) ?? new Map<string, number>();
    instances.set(instance, arrived);
    this.heartbeats.set(service, instances);
    if (!wasVouched && this.vouchesFor(service)) this.bump(TRUST);
  }

  /**
   * The change feed is followed (true) or not (false). Losing it drops every answer: notices may
   * be missed until it is back, and trust needs new heartbeats.
   */
  setFeed(up: boolean): void {
    if (!up) {
      for (const service of [...this.versions.keys(), ...this.heartbeats.keys()])
        this.bump(service);
      this.heartbeats.clear();
    }
    this.feedUp = up;
  }

  /** Whether every change of `service` reaches this cache now. */
  vouchesFor(service: string): boolean {
    if (service === DAY || service === TRUST) return true;
    if (!this.feedUp) return false;
    const instances = this.heartbeats.get(service);
    if (!instances || instances.size < (this.settings.expectedInstances?.[service] ?? 1))
      return false;
    const oldest = this.now() - this.settings.heartbeatTimeoutMs;
    for (const arrived of instances.values()) if (arrived < oldest) return false;
    return true;
  }

  /** The stored answer for `key`, if it is still true and vouched for. */
  lookup(key: string): string | undefined {
    this.turnDay();
    const entry = this.entries.get(key);
    if (entry && this.isCurrent(entry.versions)) return entry.body;
    if (entry) this.entries.delete(key);
    return undefined;
  }

  /** Counts a request (or a subgraph request) answered from the cache (`true`) or not. */
  count(hit: boolean, kind: 'response' | 'fetch'): void {
    if (kind === 'response') this.counts[hit ? 'hits' : 'misses'] += 1;
    else this.counts[hit ? 'fetchHits' : 'fetchMisses'] += 1;
  }

  /**
   * Keeps `body`, computed from the data of `services` as they were at `snapshot`, unless one of
   * them changed meanwhile or is not vouched for. Returns whether it was stored.
   */
  store(key: string, body: string, services: Iterable<string>, snapshot: Versions): boolean {
    this.turnDay();
    const versions: Versions = {};
    for (const service of [DAY, TRUST, ...services]) {
      const version = snapshot[service] ?? 0;
      if ((this.versions.get(service) ?? 0) !== version || !this.vouchesFor(service)) {
        this.counts.notStored += 1;
        return false;
      }
      versions[service] = version;
    }
    this.entries.set(key, { body, versions });
    this.counts.stored += 1;
    return true;
  }

  /** An answer that will not be stored (errors, a mutation). */
  skip(): void {
    this.counts.notStored += 1;
  }

  stats(): ResponseCacheStats {
    return { ...this.counts, entries: this.entries.size, bytes: this.entries.calculatedSize };
  }

  private bump(service: string): void {
    this.versions.set(service, (this.versions.get(service) ?? 0) + 1);
  }

  private turnDay(): void {
    const now = this.now();
    if (now < this.dayEnds) return;
    this.dayEnds = nextUtcMidnight(now);
    this.bump(DAY);
  }

  private isCurrent(versions: Versions): boolean {
    for (const [service, version] of Object.entries(versions)) {
      if ((this.versions.get(service) ?? 0) !== version || !this.vouchesFor(service)) return false;
    }
    return true;
  }
}

const nextUtcMidnight = (now: number): number => (Math.floor(now / DAY_MS) + 1) * DAY_MS;
