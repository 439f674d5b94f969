import { computeBenchmark, type CaseloadFigures } from '../src/domain/benchmarking';
import {
  benchmarksBetween,
  firstMonthRead,
  stretchesToRefresh,
} from '../src/domain/benchmark-projection';

describe('which stored benchmarks reports change (pure rules)', () => {
  it('refreshes a reported month and the 12 after it, up to the latest month with caseload', () => {
    expect(stretchesToRefresh(['2025-03'], '2026-12')).toEqual([
      { first: '2025-03', last: '2026-03' },
    ]);
    expect(stretchesToRefresh(['2025-03'], '2025-08')).toEqual([
      { first: '2025-03', last: '2025-08' },
    ]);
    // Without caseload held, only the month itself.
    expect(stretchesToRefresh(['2025-03'], null)).toEqual([{ first: '2025-03', last: '2025-03' }]);
  });

  it('joins overlapping and adjacent stretches, once per month however often reported', () => {
    expect(stretchesToRefresh(['2025-06', '2025-01', '2025-06', '2024-01'], '2026-12')).toEqual([
      { first: '2024-01', last: '2026-06' },
    ]);
    // 2025-02 follows the 2024-01 stretch (which ends 2025-01) directly.
    expect(stretchesToRefresh(['2024-01', '2025-02'], '2026-12')).toEqual([
      { first: '2024-01', last: '2026-02' },
    ]);
    expect(stretchesToRefresh(['2024-01', '2025-03'], '2026-12')).toEqual([
      { first: '2024-01', last: '2025-01' },
      { first: '2025-03', last: '2026-03' },
    ]);
    expect(stretchesToRefresh([], '2026-12')).toEqual([]);
  });

  it('reads the caseload from 23 months before the first month', () => {
    expect(firstMonthRead('2026-01')).toBe('2024-02');
  });

  it('computes every month of the stretch from the same reports', () => {
    const reports: CaseloadFigures[] = ['2024-11', '2024-12', '2025-11', '2025-12'].map(
      (month, index) => ({
        districtId: 'marl',
        month,
        eligibleJobseekers: 5000,
        longTermRecipients: 3000 + index,
        integrations: 50,
        subsistenceBenefitsCents: 200_000_000 + index,
      }),
    );
    expect(benchmarksBetween('2025-11', '2025-12', ['marl'], reports)).toEqual([
      computeBenchmark('2025-11', ['marl'], reports),
      computeBenchmark('2025-12', ['marl'], reports),
    ]);
    expect(benchmarksBetween('2025-12', '2025-11', ['marl'], reports)).toEqual([]);
  });
});
