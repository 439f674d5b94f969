import type { DistrictNeed } from '../src/domain/allocation';
import {
  adoptionByAmounts,
  decideAdoption,
  outdatedAdoption,
  requireCommonMonth,
  requireDecentralFunds,
  requirePoolSplit,
  staleAdoption,
  type AdoptionFacts,
} from '../src/domain/proposal';

const at = (day: number) => new Date(Date.UTC(2026, 2, day, 10));

/** A proposal of 2026 on a pool of 1,000 cents, adopted on 10 March; no allocation in force yet. */
const facts = (overrides: Partial<AdoptionFacts> = {}): AdoptionFacts => ({
  proposal: { id: 'p-new', fiscalYear: 2026, poolCents: 1000 },
  adoptedAt: at(10),
  current: null,
  decentralPoolCents: 1000,
  amounts: [
    { districtId: 'herten', amountCents: 400 },
    { districtId: 'marl', amountCents: 600 },
  ],
  spent: new Map(),
  ...overrides,
});

const inForce = (adoptedOn: number, proposalId = 'p-old') => ({
  id: 'a-1',
  proposalId,
  resolutionId: 'r-old',
  adoptedAt: at(adoptedOn),
});

describe('adopting an allocation proposal (rule 18)', () => {
  it('makes the first adoption of a year the allocation in force', () => {
    expect(decideAdoption(facts())).toEqual({
      outcome: 'IN_FORCE',
      replaces: null,
      supersededProposalId: null,
      watched: [],
    });
  });

  it('replaces a later adoption’s amounts, supersedes the earlier proposal and watches what was spent anew', () => {
    const decision = decideAdoption(
      facts({
        current: inForce(5),
        spent: new Map([
          ['marl', 550],
          ['herten', 0],
        ]),
      }),
    );
    expect(decision).toEqual({
      outcome: 'IN_FORCE',
      replaces: { allocationId: 'a-1', resolutionId: 'r-old' },
      supersededProposalId: 'p-old',
      watched: [{ districtId: 'marl', allocatedCents: 600, spentCents: 550 }],
    });
  });

  it('supersedes no proposal when the one in force is adopted again later', () => {
    const decision = decideAdoption(facts({ current: inForce(5, 'p-new') }));
    expect(decision).toMatchObject({ outcome: 'IN_FORCE', supersededProposalId: null });
  });

  it('records an adoption older than the one in force as OUTDATED, its proposal superseded', () => {
    expect(decideAdoption(facts({ current: inForce(12) }))).toEqual({
      outcome: 'OUTDATED',
      proposalSuperseded: true,
    });
    expect(decideAdoption(facts({ current: inForce(12, 'p-new') }))).toEqual({
      outcome: 'OUTDATED',
      proposalSuperseded: false,
    });
  });

  it('applies an adoption of the same moment as the one in force', () => {
    expect(decideAdoption(facts({ current: inForce(10) })).outcome).toBe('IN_FORCE');
  });

  it('decides OUTDATED before looking at the pool or the spending', () => {
    const decision = decideAdoption(
      facts({ current: inForce(12), decentralPoolCents: 5, spent: new Map([['marl', 900]]) }),
    );
    expect(decision.outcome).toBe('OUTDATED');
  });

  it('decides in steps that each need only their own facts, as the service reads them', () => {
    // The first step decides an outdated adoption from the allocation in force alone…
    expect(outdatedAdoption(facts({ current: inForce(12) }))).toEqual({
      outcome: 'OUTDATED',
      proposalSuperseded: true,
    });
    expect(outdatedAdoption(facts({ current: inForce(5) }))).toBeNull();
    // …the second a stale one from the pool, before any spending is read…
    expect(staleAdoption(facts({ decentralPoolCents: 999 }))).toEqual({ outcome: 'STALE' });
    expect(staleAdoption(facts())).toBeNull();
    // …and the last decides from the amounts and the spending.
    const below = facts({ current: inForce(5), spent: new Map([['herten', 401]]) });
    expect(adoptionByAmounts(below)).toEqual({ outcome: 'BELOW_SPENDING' });
    expect(decideAdoption(below)).toEqual(adoptionByAmounts(below));
  });

  it('does not apply a proposal whose pool is no longer the year’s decentral pool (STALE)', () => {
    expect(decideAdoption(facts({ decentralPoolCents: 1001 }))).toEqual({ outcome: 'STALE' });
    expect(decideAdoption(facts({ decentralPoolCents: null }))).toEqual({ outcome: 'STALE' });
    const staleAndBelow = facts({
      current: inForce(5),
      decentralPoolCents: 999,
      spent: new Map([['marl', 900]]),
    });
    expect(decideAdoption(staleAndBelow)).toEqual({ outcome: 'STALE' });
  });

  it('does not apply an amount below what a district has spent (BELOW_SPENDING), to the cent', () => {
    const below = facts({ current: inForce(5), spent: new Map([['marl', 601]]) });
    expect(decideAdoption(below)).toEqual({ outcome: 'BELOW_SPENDING' });
    const exactly = facts({ current: inForce(5), spent: new Map([['marl', 600]]) });
    expect(decideAdoption(exactly)).toMatchObject({
      outcome: 'IN_FORCE',
      watched: [{ districtId: 'marl', allocatedCents: 600, spentCents: 600 }],
    });
  });
});

describe('proposing an allocation (rules 16 and 18)', () => {
  it('needs a pool split in force', () => {
    const split = { resolutionId: 'r', decentralShareBasisPoints: 6000 };
    expect(requirePoolSplit(split, 2026)).toBe(split);
    expect(() => requirePoolSplit(null, 2026)).toThrow(
      'No pool split is in force for 2026: the board must adopt a POOL_SPLIT resolution first',
    );
  });

  it('needs decentral funds to distribute', () => {
    expect(() => requireDecentralFunds(1, 2026)).not.toThrow();
    expect(() => requireDecentralFunds(0, 2026)).toThrow(
      'There are no decentral integration funds in the budget of 2026',
    );
  });

  it('needs a month every district reported', () => {
    const need: DistrictNeed = {
      districtId: 'marl',
      month: '2026-01',
      eligibleJobseekers: 1,
      longTermRecipients: 1,
      eligibleJobseekersUnder25: 1,
      benefitHouseholds: 1,
    };
    expect(() => requireCommonMonth([need])).not.toThrow();
    expect(() => requireCommonMonth([])).toThrow(/no month that all ten districts have reported/);
  });
});
