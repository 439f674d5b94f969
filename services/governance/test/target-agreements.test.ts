import { RuleViolation } from '@jobcenter/subgraph-server';
import { controlTarget, validateTargets } from '../src/domain/target-agreements';
import type { DistrictBenchmark } from '../src/domain/benchmarking';

const aBenchmark = (
  k1: number | null,
  k2: number | null,
  k3: number | null,
): DistrictBenchmark => ({
  districtId: 'marl',
  k1: { value: k1, rank: null, missingReason: k1 === null ? 'no report for 2024-05' : null },
  k2: { value: k2, rank: null, missingReason: null },
  k3: { value: k3, rank: null, missingReason: null },
});

describe('target agreement controlling', () => {
  it('is on track when a lower-is-better figure meets its target', () => {
    expect(
      controlTarget(
        { indicator: 'LONG_TERM_RECIPIENTS_CHANGE', targetValue: -3 },
        { month: '2025-05', benchmark: aBenchmark(0, 0, -3.5) },
      ),
    ).toMatchObject({
      actualValue: -3.5,
      status: 'ON_TRACK',
      explanation: '2025-05: -3.5 against the target -3 (lower is better)',
    });
  });

  it('is at risk within two percentage points and missed beyond', () => {
    const target = { indicator: 'INTEGRATION_RATE' as const, targetValue: 18 };
    expect(
      controlTarget(target, { month: '2025-05', benchmark: aBenchmark(0, 16, 0) }).status,
    ).toBe('AT_RISK');
    expect(
      controlTarget(target, { month: '2025-05', benchmark: aBenchmark(0, 15.99, 0) }).status,
    ).toBe('MISSED');
    expect(
      controlTarget(target, { month: '2025-05', benchmark: aBenchmark(0, 18, 0) }).status,
    ).toBe('ON_TRACK');
  });

  it('has no data without a figure, and says why', () => {
    expect(
      controlTarget(
        { indicator: 'SUBSISTENCE_BENEFITS_CHANGE', targetValue: 0 },
        { month: '2025-05', benchmark: aBenchmark(null, 1, 1) },
      ),
    ).toEqual({
      actualValue: null,
      status: 'NO_DATA',
      explanation: 'no report for 2024-05',
    });
    expect(controlTarget({ indicator: 'INTEGRATION_RATE', targetValue: 18 }, null).status).toBe(
      'NO_DATA',
    );
    expect(
      controlTarget(
        { indicator: 'GUIDE_STANDARDS', targetValue: 90 },
        { month: '2025-05', benchmark: aBenchmark(1, 1, 1) },
      ).explanation,
    ).toContain('standard report');
  });

  it('refuses an agreement without targets, a target twice and a share outside 0-100', () => {
    expect(() => validateTargets([])).toThrow(RuleViolation);
    expect(() =>
      validateTargets([
        { indicator: 'INTEGRATION_RATE', targetValue: 18 },
        { indicator: 'INTEGRATION_RATE', targetValue: 19 },
      ]),
    ).toThrow(/targeted twice/);
    expect(() => validateTargets([{ indicator: 'GUIDE_STANDARDS', targetValue: 120 }])).toThrow(
      /0 to 100/,
    );
  });
});
