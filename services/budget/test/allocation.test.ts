import { CITY_IDS } from '@jobcenter/auth';
import {
  allocateBySocialSpace,
  type AllocationModel,
  type DistrictNeed,
} from '../src/domain/allocation';
import {
  DEFAULT_ALLOCATION_MODEL,
  ESTIMATED_WORKING_AGE_POPULATION,
} from '../src/domain/default-model';
import { Fraction, largestRemainder } from '../src/domain/fraction';

const need = (districtId: string, overrides: Partial<DistrictNeed> = {}): DistrictNeed => ({
  districtId,
  month: '2026-10',
  eligibleJobseekers: 4000,
  longTermRecipients: 2500,
  eligibleJobseekersUnder25: 800,
  benefitHouseholds: 3000,
  ...overrides,
});

/** Ten districts of the county's order of size (published county figures: about 47,700 eLb in 2021). */
const tenDistricts = (): DistrictNeed[] =>
  CITY_IDS.map((id, index) =>
    need(id, {
      eligibleJobseekers: 2000 + index * 733,
      longTermRecipients: 1200 + ((index * 389) % 2100),
      eligibleJobseekersUnder25: 400 + ((index * 97) % 500),
      benefitHouseholds: 1500 + index * 511,
    }),
  );

const weighted: AllocationModel = {
  kind: 'WEIGHTED_SHARES',
  weights: [
    { indicator: 'ELIGIBLE_JOBSEEKERS', weightBasisPoints: 5000 },
    { indicator: 'LONG_TERM_RECIPIENTS', weightBasisPoints: 3000 },
    { indicator: 'JOBSEEKERS_UNDER_25', weightBasisPoints: 2000 },
  ],
};

const total = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

describe('largest remainder rounding', () => {
  it('adds up exactly and gives the missing cents to the largest remainders, ties by key', () => {
    const thirds = ['c', 'a', 'b'].map((key) => ({ key, value: Fraction.of(100, 3) }));
    const rounded = largestRemainder(thirds, 100n);
    expect(Object.fromEntries(rounded)).toEqual({ a: 34n, b: 33n, c: 33n });
    const uneven = largestRemainder(
      [
        { key: 'x', value: Fraction.of(1049, 100) },
        { key: 'y', value: Fraction.of(1051, 100) },
      ],
      21n,
    );
    expect(Object.fromEntries(uneven)).toEqual({ x: 10n, y: 11n });
  });

  it('refuses amounts that cannot add up to the total', () => {
    expect(() => largestRemainder([{ key: 'a', value: Fraction.of(5) }], 7n)).toThrow(RangeError);
  });
});

describe('allocation by social space (rule 18)', () => {
  it.each([
    ['weighted shares', weighted],
    ['the EinglMV method', DEFAULT_ALLOCATION_MODEL],
  ])('with %s sums exactly to the pool, and each explanation to its amount', (_, model) => {
    for (const pool of [0n, 1n, 9n, 3_582_000_000n, 1_234_567_891n]) {
      const amounts = allocateBySocialSpace(pool, model, tenDistricts());
      expect(amounts).toHaveLength(10);
      expect(total(amounts.map((amount) => amount.amountCents))).toBe(pool);
      for (const amount of amounts) {
        expect(amount.amountCents >= 0n).toBe(true);
        expect(total(amount.contributions.map((part) => part.amountCents))).toBe(
          amount.amountCents,
        );
      }
    }
  });

  it('gives weighted shares of each indicator, rounded once', () => {
    const amounts = allocateBySocialSpace(
      1_000_000n,
      {
        kind: 'WEIGHTED_SHARES',
        weights: [
          { indicator: 'ELIGIBLE_JOBSEEKERS', weightBasisPoints: 5000 },
          { indicator: 'LONG_TERM_RECIPIENTS', weightBasisPoints: 5000 },
        ],
      },
      [
        need('a', { eligibleJobseekers: 300, longTermRecipients: 100 }),
        need('b', { eligibleJobseekers: 100, longTermRecipients: 100 }),
      ],
    );
    // a: 1/2 × 3/4 + 1/2 × 1/2 = 5/8 of the pool
    expect(amounts.map((amount) => [amount.districtId, amount.amountCents])).toEqual([
      ['a', 625_000n],
      ['b', 375_000n],
    ]);
    expect(amounts[0]!.contributions).toEqual([
      expect.objectContaining({ indicator: 'ELIGIBLE_JOBSEEKERS', amountCents: 375_000n }),
      expect.objectContaining({ indicator: 'LONG_TERM_RECIPIENTS', amountCents: 250_000n }),
    ]);
    expect(amounts[0]!.contributions[0]!.explanation).toContain('75.00 %');
  });

  it.each([
    ['weighted shares', weighted],
    ['the EinglMV method', DEFAULT_ALLOCATION_MODEL],
  ])('with %s gives a district with more need more money', (_, model) => {
    const before = allocateBySocialSpace(3_000_000_000n, model, tenDistricts());
    const needier = tenDistricts().map((entry) =>
      entry.districtId === 'marl'
        ? {
            ...entry,
            eligibleJobseekers: entry.eligibleJobseekers + 1500,
            longTermRecipients: entry.longTermRecipients + 1200,
            eligibleJobseekersUnder25: entry.eligibleJobseekersUnder25 + 300,
          }
        : entry,
    );
    const after = allocateBySocialSpace(3_000_000_000n, model, needier);
    const marl = (list: typeof before) => list.find((entry) => entry.districtId === 'marl')!;
    expect(marl(after).amountCents > marl(before).amountCents).toBe(true);
    // ... and with equal weights, the district with the larger figures gets the larger amount.
    const ordered = allocateBySocialSpace(1_000_000n, model, [
      need('datteln', { eligibleJobseekers: 2000, longTermRecipients: 1300 }),
      need('gladbeck', { eligibleJobseekers: 6000, longTermRecipients: 3900 }),
    ]);
    expect(ordered[1]!.amountCents > ordered[0]!.amountCents).toBe(true);
  });

  it('applies the EinglMV adjustments: more problem pressure and more long-term recipients raise the share', () => {
    const model = { ...DEFAULT_ALLOCATION_MODEL, workingAgePopulation: { a: 10_000, b: 10_000 } };
    // Same eLb and population; b has twice the long-term recipients per eLb.
    const [a, b] = allocateBySocialSpace(1_000_000n, model, [
      need('a', { eligibleJobseekers: 1000, longTermRecipients: 400 }),
      need('b', { eligibleJobseekers: 1000, longTermRecipients: 800 }),
    ]);
    // S̄ = 1200/2000 = 0.6; S_a/S̄ − 1 = −1/3, S_b/S̄ − 1 = +1/3; raw = ½ × (1 + ½ × ¼ × ∓1/3)
    // a: 1 − 1/24 = 23/24, b: 25/24; shares 23/48 and 25/48 of the pool.
    expect(a!.amountCents).toBe(479_167n);
    expect(b!.amountCents).toBe(520_833n);
    expect(b!.contributions.find((part) => part.indicator === 'STRUCTURE')!.amountCents > 0n).toBe(
      true,
    );
    expect(a!.contributions.find((part) => part.indicator === 'STRUCTURE')!.amountCents < 0n).toBe(
      true,
    );
    expect(
      a!.contributions.find((part) => part.indicator === 'PROBLEM_PRESSURE')!.amountCents,
    ).toBe(0n);
  });

  it('takes its weights as data: other weights, another distribution', () => {
    const byJobseekers = allocateBySocialSpace(
      1_000_000n,
      {
        kind: 'WEIGHTED_SHARES',
        weights: [{ indicator: 'ELIGIBLE_JOBSEEKERS', weightBasisPoints: 10000 }],
      },
      tenDistricts(),
    );
    const byYouth = allocateBySocialSpace(
      1_000_000n,
      {
        kind: 'WEIGHTED_SHARES',
        weights: [{ indicator: 'JOBSEEKERS_UNDER_25', weightBasisPoints: 10000 }],
      },
      tenDistricts(),
    );
    expect(byJobseekers.map((entry) => entry.amountCents)).not.toEqual(
      byYouth.map((entry) => entry.amountCents),
    );
  });

  it('refuses an equal split the indicators do not justify (no watering can)', () => {
    // The districts' needs differ, but the weights make them cancel out: every district gets the same.
    const compensating = [
      need('a', { eligibleJobseekers: 200, longTermRecipients: 100 }),
      need('b', { eligibleJobseekers: 100, longTermRecipients: 200 }),
    ];
    expect(() =>
      allocateBySocialSpace(
        1_000_000n,
        {
          kind: 'WEIGHTED_SHARES',
          weights: [
            { indicator: 'ELIGIBLE_JOBSEEKERS', weightBasisPoints: 5000 },
            { indicator: 'LONG_TERM_RECIPIENTS', weightBasisPoints: 5000 },
          ],
        },
        compensating,
      ),
    ).toThrow(/Gießkannenprinzip/);
    // Weighing by an indicator on which every district is equal, although they differ on others:
    // need is judged on every indicator the board uses, so this is a watering can too.
    expect(() =>
      allocateBySocialSpace(
        1_000_000n,
        {
          kind: 'WEIGHTED_SHARES',
          weights: [{ indicator: 'BENEFIT_HOUSEHOLDS', weightBasisPoints: 10000 }],
        },
        compensating,
      ),
    ).toThrow(/needs differ \(ELIGIBLE_JOBSEEKERS, LONG_TERM_RECIPIENTS\).*Gießkannenprinzip/);
  });

  it('allows an equal split only when the districts’ needs are equal', () => {
    const amounts = allocateBySocialSpace(1_000_001n, weighted, [need('a'), need('b'), need('c')]);
    expect(amounts.map((amount) => amount.amountCents)).toEqual([333_334n, 333_334n, 333_333n]);
  });

  it('refuses a model whose weights do not add up, or that lacks a population', () => {
    expect(() =>
      allocateBySocialSpace(
        100n,
        {
          kind: 'WEIGHTED_SHARES',
          weights: [{ indicator: 'ELIGIBLE_JOBSEEKERS', weightBasisPoints: 9000 }],
        },
        tenDistricts(),
      ),
    ).toThrow(/add up to 10000/);
    expect(() =>
      allocateBySocialSpace(100n, DEFAULT_ALLOCATION_MODEL, [need('somewhere-else'), need('marl')]),
    ).toThrow(/working-age population of somewhere-else/);
    expect(Object.keys(ESTIMATED_WORKING_AGE_POPULATION).sort()).toEqual([...CITY_IDS].sort());
  });
});
