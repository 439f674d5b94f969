import { CITY_IDS, Misdirected, RuleViolation } from '@jobcenter/kernel';

/**
 * Which units this instance of the districts service owns. A city may run its own instance for its
 * district office; the central instance then owns the others. Written as a list: `all` (every
 * district office), district ids to add, `-id` to leave one out. `all,-marl` is the central
 * instance beside Marl's own; `marl` is Marl's.
 */
export interface Ownership {
  /** Does this instance own (store, serve and accept writes for) this district office? */
  ownsDistrict(id: string): boolean;
  /** The district offices this instance registers on first start. */
  districtIds: readonly string[];
  /** Does it host the Fachbereich Jobcenter (the central instance does)? */
  hostsDepartment: boolean;
  /** For messages: what this instance serves. */
  description: string;
}

/** Is this unit (a district office or the Fachbereich) served by this instance? */
export function serves(ownership: Ownership, unit: { id: string; kind: string }): boolean {
  return unit.kind === 'DEPARTMENT' ? ownership.hostsDepartment : ownership.ownsDistrict(unit.id);
}

/** Refuses a write for a district this instance does not own, naming who it serves. */
export function requireOwned(ownership: Ownership, districtId: string): void {
  if (!ownership.ownsDistrict(districtId)) {
    throw new Misdirected(
      `This districts instance serves ${ownership.description}; "${districtId}" is not served here (send it through the gateway, which routes it to its owner)`,
      'districtId',
    );
  }
}

export function parseOwnership(spec: string, hostsDepartment?: boolean): Ownership {
  const tokens = spec
    .split(',')
    .map((token) => token.trim())
    .filter(Boolean);
  if (tokens.length === 0)
    throw new RuleViolation(
      'OWNED_DISTRICTS must name at least one district or "all"',
      'OWNED_DISTRICTS',
    );
  const all = tokens.includes('all');
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const token of tokens.filter((t) => t !== 'all')) {
    const id = token.replace(/^-/, '');
    if (!(CITY_IDS as readonly string[]).includes(id)) {
      throw new RuleViolation(
        `OWNED_DISTRICTS: "${id}" is not a district (one of ${CITY_IDS.join(', ')})`,
        'OWNED_DISTRICTS',
      );
    }
    (token.startsWith('-') ? excluded : included).add(id);
  }
  if (!all && excluded.size > 0) {
    throw new RuleViolation(
      'OWNED_DISTRICTS: "-id" only makes sense after "all"',
      'OWNED_DISTRICTS',
    );
  }
  const ownsDistrict = (id: string) => (all && !excluded.has(id)) || included.has(id);
  const districtIds = CITY_IDS.filter(ownsDistrict);
  return {
    ownsDistrict,
    districtIds,
    hostsDepartment: hostsDepartment ?? all,
    description:
      all && excluded.size === 0 && included.size === 0 ? 'every district' : districtIds.join(', '),
  };
}
