import {
  computeBenchmark,
  INDICATOR_FORMULAS,
  type Benchmark,
  type CaseloadFigures,
  type DistrictBenchmark,
} from '../src/domain/benchmarking';

const aReport = (overrides: Partial<CaseloadFigures> = {}): CaseloadFigures => ({
  districtId: 'marl',
  month: '2025-10',
  eligibleJobseekers: 5000,
  longTermRecipients: 3000,
  integrations: 50,
  subsistenceBenefitsCents: 200_000_000,
  ...overrides,
});

/** The 12 months K2 needs for October 2025. */
const WINDOW_TO_2025_10 = [
  '2024-11',
  '2024-12',
  '2025-01',
  '2025-02',
  '2025-03',
  '2025-04',
  '2025-05',
  '2025-06',
  '2025-07',
  '2025-08',
  '2025-09',
  '2025-10',
];

const monthlyReports = (
  districtId: string,
  months: readonly string[],
  figures: Partial<CaseloadFigures> = {},
): CaseloadFigures[] => months.map((month) => aReport({ districtId, month, ...figures }));

/** The report of October 2025 and of October 2024, as K1 and K3 compare them. */
const yearOnYear = (
  districtId: string,
  current: Partial<CaseloadFigures>,
  yearEarlier: Partial<CaseloadFigures>,
): CaseloadFigures[] => [
  aReport({ districtId, month: '2025-10', ...current }),
  aReport({ districtId, month: '2024-10', ...yearEarlier }),
];

function districtOf(benchmark: Benchmark, districtId: string): DistrictBenchmark {
  const district = benchmark.districts.find((candidate) => candidate.districtId === districtId);
  if (district === undefined) throw new Error(`no benchmark for ${districtId}`);
  return district;
}

describe('computeBenchmark', () => {
  describe('K1: change in subsistence benefits', () => {
    it('divides the benefits of the month by those a year earlier, minus 1, in percent', () => {
      const reports = [
        ...yearOnYear(
          'marl',
          { subsistenceBenefitsCents: 210_000_000 },
          { subsistenceBenefitsCents: 200_000_000 },
        ),
        ...yearOnYear(
          'herten',
          { subsistenceBenefitsCents: 187_654_321 },
          { subsistenceBenefitsCents: 200_000_000 },
        ),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten'], reports);

      expect(districtOf(benchmark, 'marl').k1).toEqual({ value: 5, rank: 2, missingReason: null });
      // 187,654,321 / 200,000,000 - 1 = -0.061728395
      expect(districtOf(benchmark, 'herten').k1.value).toBe(-6.17);
    });
  });

  describe('K2: integration rate', () => {
    it('divides the integrations of 12 months by the average eligible jobseekers of them', () => {
      // integrations 40, 41, ..., 51 (sum 546); eligible jobseekers 4900 and 5100 (average 5000)
      const reports = WINDOW_TO_2025_10.map((month, index) =>
        aReport({
          month,
          integrations: 40 + index,
          eligibleJobseekers: index % 2 === 0 ? 4900 : 5100,
        }),
      );

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k2).toEqual({
        value: 10.92,
        rank: 1,
        missingReason: null,
      });
    });

    it('uses only the 12 months up to the benchmarked month', () => {
      const reports = [
        ...monthlyReports('marl', WINDOW_TO_2025_10, {
          integrations: 50,
          eligibleJobseekers: 5000,
        }),
        aReport({ month: '2024-10', integrations: 9999, eligibleJobseekers: 1 }),
        aReport({ month: '2025-11', integrations: 9999, eligibleJobseekers: 1 }),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k2.value).toBe(12);
    });
  });

  describe('K3: change in long-term recipients', () => {
    it('divides the long-term recipients of the month by those a year earlier, minus 1', () => {
      const reports = yearOnYear(
        'marl',
        { longTermRecipients: 2850 },
        { longTermRecipients: 3000 },
      );

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k3).toEqual({ value: -5, rank: 1, missingReason: null });
    });
  });

  describe('rounding', () => {
    it('rounds the percentage to 2 decimals', () => {
      const reports = [
        ...yearOnYear('marl', { subsistenceBenefitsCents: 400 }, { subsistenceBenefitsCents: 300 }),
        ...yearOnYear(
          'herten',
          { subsistenceBenefitsCents: 500 },
          { subsistenceBenefitsCents: 300 },
        ),
        ...yearOnYear(
          'datteln',
          { subsistenceBenefitsCents: 200 },
          { subsistenceBenefitsCents: 300 },
        ),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten', 'datteln'], reports);

      expect(districtOf(benchmark, 'marl').k1.value).toBe(33.33);
      expect(districtOf(benchmark, 'herten').k1.value).toBe(66.67);
      expect(districtOf(benchmark, 'datteln').k1.value).toBe(-33.33);
    });

    it('keeps the exact 12-month average until the final rounding', () => {
      // 12 integrations over an average of 100.5 eligible jobseekers: 11.94 %, where an average
      // rounded to 101 would give 11.88 %
      const reports = WINDOW_TO_2025_10.map((month, index) =>
        aReport({ month, integrations: 1, eligibleJobseekers: index < 6 ? 101 : 100 }),
      );

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k2.value).toBe(11.94);
    });

    it('reports a change that rounds to zero as 0, not -0', () => {
      const reports = yearOnYear(
        'marl',
        { longTermRecipients: 99_999 },
        { longTermRecipients: 100_000 },
      );

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(Object.is(districtOf(benchmark, 'marl').k3.value, 0)).toBe(true);
    });
  });

  describe('ranking', () => {
    it('ranks the lowest change in subsistence benefits first', () => {
      const reports = [
        ...yearOnYear('marl', { subsistenceBenefitsCents: 210 }, { subsistenceBenefitsCents: 200 }),
        ...yearOnYear(
          'herten',
          { subsistenceBenefitsCents: 196 },
          { subsistenceBenefitsCents: 200 },
        ),
        ...yearOnYear(
          'datteln',
          { subsistenceBenefitsCents: 202 },
          { subsistenceBenefitsCents: 200 },
        ),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten', 'datteln'], reports);

      expect(districtOf(benchmark, 'herten').k1.rank).toBe(1);
      expect(districtOf(benchmark, 'datteln').k1.rank).toBe(2);
      expect(districtOf(benchmark, 'marl').k1.rank).toBe(3);
    });

    it('ranks the lowest change in long-term recipients first', () => {
      const reports = [
        ...yearOnYear('marl', { longTermRecipients: 3300 }, { longTermRecipients: 3000 }),
        ...yearOnYear('herten', { longTermRecipients: 2700 }, { longTermRecipients: 3000 }),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten'], reports);

      expect(districtOf(benchmark, 'herten').k3).toEqual({
        value: -10,
        rank: 1,
        missingReason: null,
      });
      expect(districtOf(benchmark, 'marl').k3).toEqual({ value: 10, rank: 2, missingReason: null });
    });

    it('ranks the highest integration rate first', () => {
      const reports = [
        ...monthlyReports('marl', WINDOW_TO_2025_10, {
          integrations: 50,
          eligibleJobseekers: 5000,
        }),
        ...monthlyReports('herten', WINDOW_TO_2025_10, {
          integrations: 60,
          eligibleJobseekers: 5000,
        }),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten'], reports);

      expect(districtOf(benchmark, 'herten').k2).toEqual({
        value: 14.4,
        rank: 1,
        missingReason: null,
      });
      expect(districtOf(benchmark, 'marl').k2).toEqual({ value: 12, rank: 2, missingReason: null });
    });

    it('gives tied districts the same rank and skips the ranks they share (1, 2, 2, 4)', () => {
      const reports = [
        ...monthlyReports('marl', WINDOW_TO_2025_10, {
          integrations: 70,
          eligibleJobseekers: 5000,
        }),
        ...monthlyReports('herten', WINDOW_TO_2025_10, {
          integrations: 50,
          eligibleJobseekers: 5000,
        }),
        ...monthlyReports('datteln', WINDOW_TO_2025_10, {
          integrations: 25,
          eligibleJobseekers: 2500,
        }),
        ...monthlyReports('dorsten', WINDOW_TO_2025_10, {
          integrations: 40,
          eligibleJobseekers: 5000,
        }),
      ];

      const benchmark = computeBenchmark(
        '2025-10',
        ['marl', 'herten', 'datteln', 'dorsten'],
        reports,
      );

      expect(benchmark.districts.map((district) => district.k2.rank)).toEqual([1, 2, 2, 4]);
    });

    it('compares the rounded values, so values that differ only beyond 2 decimals tie', () => {
      const reports = [
        ...yearOnYear('marl', { longTermRecipients: 10_001 }, { longTermRecipients: 10_000 }),
        ...yearOnYear(
          'herten',
          { longTermRecipients: 1_000_099 },
          { longTermRecipients: 1_000_000 },
        ),
        ...yearOnYear('datteln', { longTermRecipients: 10_002 }, { longTermRecipients: 10_000 }),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten', 'datteln'], reports);

      expect(benchmark.districts.map((district) => district.k3.value)).toEqual([0.01, 0.01, 0.02]);
      expect(benchmark.districts.map((district) => district.k3.rank)).toEqual([1, 1, 3]);
    });

    it('ranks only the districts that have a value', () => {
      const reports = [
        ...yearOnYear('marl', { subsistenceBenefitsCents: 210 }, { subsistenceBenefitsCents: 200 }),
        aReport({ districtId: 'herten', month: '2025-10', subsistenceBenefitsCents: 1 }),
        ...yearOnYear(
          'datteln',
          { subsistenceBenefitsCents: 220 },
          { subsistenceBenefitsCents: 200 },
        ),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten', 'datteln'], reports);

      expect(benchmark.districts.map((district) => district.k1.rank)).toEqual([1, null, 2]);
    });
  });

  describe('a district without enough history', () => {
    it('has no K1 or K3 without the report of the same month a year earlier', () => {
      const reports = [aReport({ month: '2025-10' })];

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k1).toEqual({
        value: null,
        rank: null,
        missingReason: 'no report for 2024-10 (K1 compares with the same month a year earlier)',
      });
      expect(districtOf(benchmark, 'marl').k3).toEqual({
        value: null,
        rank: null,
        missingReason: 'no report for 2024-10 (K3 compares with the same month a year earlier)',
      });
    });

    it('has no K1 without the report of the month itself', () => {
      const reports = [aReport({ month: '2024-10' })];

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k1.missingReason).toBe(
        'no report for 2025-10 (K1 compares with the same month a year earlier)',
      );
    });

    it('names both months when it has no reports at all', () => {
      const benchmark = computeBenchmark('2025-10', ['marl'], []);

      expect(districtOf(benchmark, 'marl').k1.missingReason).toBe(
        'no reports for 2025-10 and 2024-10 (K1 compares with the same month a year earlier)',
      );
    });

    it('has no K2 unless all 12 months are reported, and names the missing ones', () => {
      const reportedMonths = WINDOW_TO_2025_10.filter(
        (month) => month !== '2025-02' && month !== '2025-03',
      );
      const reports = monthlyReports('marl', reportedMonths);

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k2).toEqual({
        value: null,
        rank: null,
        missingReason: 'K2 needs the 12 months 2024-11 to 2025-10; missing: 2025-02, 2025-03',
      });
    });
  });

  describe('zero denominators', () => {
    it('has no K1 when the subsistence benefits a year earlier were 0', () => {
      const reports = yearOnYear(
        'marl',
        { subsistenceBenefitsCents: 1000 },
        { subsistenceBenefitsCents: 0 },
      );

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k1).toEqual({
        value: null,
        rank: null,
        missingReason: 'subsistence benefits of 2024-10 were 0, so K1 has no base to compare with',
      });
    });

    it('has no K3 when there were no long-term recipients a year earlier', () => {
      const reports = yearOnYear('marl', { longTermRecipients: 5 }, { longTermRecipients: 0 });

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k3).toEqual({
        value: null,
        rank: null,
        missingReason: 'long-term recipients of 2024-10 were 0, so K3 has no base to compare with',
      });
    });

    it('has no K2 when the average number of eligible jobseekers is 0', () => {
      const reports = monthlyReports('marl', WINDOW_TO_2025_10, {
        integrations: 0,
        eligibleJobseekers: 0,
      });

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k2).toEqual({
        value: null,
        rank: null,
        missingReason:
          'the average number of eligible jobseekers over 2024-11 to 2025-10 is 0, so K2 cannot be computed',
      });
    });
  });

  describe('county value', () => {
    it('computes K1 over the summed benefits of the districts that have both reports', () => {
      const reports = [
        ...yearOnYear(
          'marl',
          { subsistenceBenefitsCents: 210_000_000 },
          { subsistenceBenefitsCents: 200_000_000 },
        ),
        ...yearOnYear(
          'herten',
          { subsistenceBenefitsCents: 96_000_000 },
          { subsistenceBenefitsCents: 100_000_000 },
        ),
        aReport({ districtId: 'datteln', month: '2025-10', subsistenceBenefitsCents: 900_000_000 }),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten', 'datteln'], reports);

      // (210 + 96) / (200 + 100) - 1 = 0.02
      expect(benchmark.county.k1).toEqual({ value: 2, districtsCovered: 2, missingReason: null });
    });

    it('computes K2 as total integrations over the total of the 12-month average stocks', () => {
      const reports = [
        ...monthlyReports('marl', WINDOW_TO_2025_10, {
          integrations: 50,
          eligibleJobseekers: 5000,
        }),
        ...monthlyReports('herten', WINDOW_TO_2025_10, {
          integrations: 20,
          eligibleJobseekers: 3000,
        }),
        ...monthlyReports('datteln', WINDOW_TO_2025_10.slice(1), { integrations: 90 }),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten', 'datteln'], reports);

      // (600 + 240) / (5000 + 3000) = 10.5 %, not the mean of 12 % and 8 %
      expect(benchmark.county.k2).toEqual({
        value: 10.5,
        districtsCovered: 2,
        missingReason: null,
      });
    });

    it('includes a district whose own value fails on a zero base', () => {
      const reports = [
        ...yearOnYear('marl', { longTermRecipients: 30 }, { longTermRecipients: 0 }),
        ...yearOnYear('herten', { longTermRecipients: 120 }, { longTermRecipients: 100 }),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten'], reports);

      expect(districtOf(benchmark, 'marl').k3.value).toBeNull();
      // (30 + 120) / (0 + 100) - 1 = 0.5
      expect(benchmark.county.k3).toEqual({ value: 50, districtsCovered: 2, missingReason: null });
    });

    it('has no value when no district has the reports needed', () => {
      const reports = [aReport({ districtId: 'marl', month: '2025-10' })];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten'], reports);

      expect(benchmark.county.k1).toEqual({
        value: null,
        districtsCovered: 0,
        missingReason: 'no district has reports for both 2025-10 and 2024-10, which K1 compares',
      });
      expect(benchmark.county.k2).toEqual({
        value: null,
        districtsCovered: 0,
        missingReason: 'no district has all 12 reports K2 needs (2024-11 to 2025-10)',
      });
    });

    it('has no value when the summed base is 0', () => {
      const reports = [
        ...yearOnYear('marl', { subsistenceBenefitsCents: 10 }, { subsistenceBenefitsCents: 0 }),
        ...yearOnYear('herten', { subsistenceBenefitsCents: 20 }, { subsistenceBenefitsCents: 0 }),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl', 'herten'], reports);

      expect(benchmark.county.k1).toEqual({
        value: null,
        districtsCovered: 2,
        missingReason:
          'subsistence benefits of 2024-10 were 0 across the 2 covered districts, so K1 has no base to compare with',
      });
    });
  });

  describe('year boundary', () => {
    it('compares January with January of the year before', () => {
      const reports = [
        aReport({ month: '2025-01', subsistenceBenefitsCents: 220 }),
        aReport({ month: '2024-12', subsistenceBenefitsCents: 1 }),
        aReport({ month: '2024-01', subsistenceBenefitsCents: 200 }),
      ];

      const benchmark = computeBenchmark('2025-01', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k1.value).toBe(10);
    });

    it('takes the K2 window across the turn of the year', () => {
      const reportedMonths = [
        '2024-02',
        '2024-03',
        '2024-04',
        '2024-05',
        '2024-06',
        '2024-07',
        '2024-08',
        '2024-09',
        '2024-10',
        '2024-11',
        '2025-01',
      ];
      const reports = monthlyReports('marl', reportedMonths);

      const benchmark = computeBenchmark('2025-01', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k2.missingReason).toBe(
        'K2 needs the 12 months 2024-02 to 2025-01; missing: 2024-12',
      );
    });

    it('compares December with December of the year before', () => {
      const reports = [aReport({ month: '2025-12' })];

      const benchmark = computeBenchmark('2025-12', ['marl'], reports);

      expect(districtOf(benchmark, 'marl').k3.missingReason).toBe(
        'no report for 2024-12 (K3 compares with the same month a year earlier)',
      );
    });
  });

  describe('input', () => {
    it.each(['2025-13', '2025-00', '2025-1', '25-10', '2025/10', '2025-10-01', ''])(
      'refuses the month %j',
      (month) => {
        const act = (): Benchmark => computeBenchmark(month, ['marl'], []);

        expect(act).toThrow(`month must be written YYYY-MM, got ${JSON.stringify(month)}`);
      },
    );

    it('ignores reports of districts it was not asked about', () => {
      const reports = [
        ...yearOnYear('marl', { subsistenceBenefitsCents: 210 }, { subsistenceBenefitsCents: 200 }),
        ...yearOnYear(
          'herten',
          { subsistenceBenefitsCents: 100 },
          { subsistenceBenefitsCents: 200 },
        ),
      ];

      const benchmark = computeBenchmark('2025-10', ['marl'], reports);

      expect(benchmark.districts.map((district) => district.districtId)).toEqual(['marl']);
      expect(benchmark.county.k1).toEqual({ value: 5, districtsCovered: 1, missingReason: null });
    });

    it('lists the districts in the order it was given them', () => {
      const reports = [
        aReport({ districtId: 'marl' }),
        aReport({ districtId: 'datteln' }),
        aReport({ districtId: 'waltrop' }),
      ];

      const benchmark = computeBenchmark('2025-10', ['waltrop', 'marl', 'datteln'], reports);

      expect(benchmark.month).toBe('2025-10');
      expect(benchmark.districts.map((district) => district.districtId)).toEqual([
        'waltrop',
        'marl',
        'datteln',
      ]);
    });

    it('refuses two reports of the same district and month', () => {
      const reports = [aReport({ integrations: 50 }), aReport({ integrations: 51 })];

      const act = (): Benchmark => computeBenchmark('2025-10', ['marl'], reports);

      expect(act).toThrow('two reports for district marl and month 2025-10');
    });
  });

  describe('INDICATOR_FORMULAS', () => {
    it('describes each indicator in one sentence naming it', () => {
      for (const key of ['K1', 'K2', 'K3'] as const) {
        expect(INDICATOR_FORMULAS[key]).toMatch(new RegExp(`^${key} \\([a-z -]+\\) is [^.]+\\.$`));
      }
    });
  });
});
