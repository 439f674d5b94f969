import {
  STATUTORY_DEFAULT_KEY,
  gap,
  keyInForce,
  requiredFte,
  type StaffingKey,
} from '../src/domain/staffing';

const key = (overrides: Partial<StaffingKey> = {}): StaffingKey => ({
  householdsPerBenefitsPost: 140,
  jobseekersPerIntegrationPost: 150,
  jobseekersUnder25PerIntegrationPost: 75,
  validFrom: '2026-01-01',
  resolutionId: 'r1',
  ...overrides,
});

describe('staffing key arithmetic (rule 13)', () => {
  it('divides cases by cases per post, exactly when it divides', () => {
    const required = requiredFte(key(), {
      month: '2026-09',
      benefitHouseholds: 2800,
      eligibleJobseekers: 3750,
      eligibleJobseekersUnder25: 750,
    });
    // 2800 / 140 = 20; 750 / 75 + 3000 / 150 = 10 + 20 = 30
    expect(required).toEqual({ benefits: 20_000, integration: 30_000 });
  });

  it('rounds up to the next thousandth of a post, never understating the need', () => {
    const required = requiredFte(key(), {
      month: '2026-09',
      benefitHouseholds: 1000, // 1000 / 140 = 7.142857… → 7.143
      eligibleJobseekers: 100,
      eligibleJobseekersUnder25: 1, // 1/75 + 99/150 = 0.01333… + 0.66 = 0.67333… → 0.674
    });
    expect(required.benefits).toBe(7143);
    expect(required.integration).toBe(674);
  });

  it('adds the under-25 and older parts as fractions before rounding', () => {
    // 1/75 + 1/150 = 3/150 = 0.02 exactly; rounding each part first would give 0.014 + 0.007 = 0.021.
    const required = requiredFte(key(), {
      month: '2026-09',
      benefitHouseholds: 0,
      eligibleJobseekers: 2,
      eligibleJobseekersUnder25: 1,
    });
    expect(required.integration).toBe(20);
  });

  it('uses the one ratio for all jobseekers when the board set no separate under-25 ratio', () => {
    const required = requiredFte(key({ jobseekersUnder25PerIntegrationPost: null }), {
      month: '2026-09',
      benefitHouseholds: 0,
      eligibleJobseekers: 3000,
      eligibleJobseekersUnder25: 900,
    });
    expect(required.integration).toBe(20_000);
  });

  it('gives a positive gap when posts are missing and a negative one when more are held', () => {
    expect(gap(20_000, 18_500)).toEqual({ requiredFte: 20_000, heldFte: 18_500, gapFte: 1500 });
    expect(gap(20_000, 21_000).gapFte).toBe(-1000);
  });

  it('takes the key with the latest validFrom not after the day, else the statutory default', () => {
    const adopted = (validFrom: string, resolutionId: string, adoptedAt: string) => ({
      ...key({ validFrom, resolutionId }),
      adoptedAt: new Date(adoptedAt),
    });
    const keys = [
      adopted('2025-01-01', 'old', '2024-11-10T09:00:00Z'),
      adopted('2026-01-01', 'current', '2025-11-10T09:00:00Z'),
      adopted('2027-01-01', 'future', '2026-11-10T09:00:00Z'),
      adopted('2026-01-01', 'correction', '2025-12-10T09:00:00Z'),
    ];
    expect(keyInForce(keys, '2026-06-30').resolutionId).toBe('correction');
    expect(keyInForce(keys, '2025-03-01').resolutionId).toBe('old');
    expect(keyInForce(keys, '2024-12-31')).toBe(STATUTORY_DEFAULT_KEY);
  });
});
