import { describe, expect, it } from 'vitest';
import {
  alignToMonths,
  allocationOption,
  caseloadOption,
  indicatorOption,
  sparklineOption,
} from '../src/charts/series';

type Series = {
  name: string;
  data: (number | null)[];
  stack?: string;
  lineStyle?: { type: string };
};
const seriesOf = (option: { series?: unknown }) => option.series as Series[];
const axisOf = (option: { xAxis?: unknown }) => (option.xAxis as { data: string[] }).data;

describe('chart data mapping', () => {
  it('aligns figures to the months, leaving a month without a report a gap, not a zero', () => {
    const reports = [
      { month: '2026-01', value: 10 },
      { month: '2026-03', value: 0 },
    ];
    expect(alignToMonths(reports, ['2026-01', '2026-02', '2026-03'], (r) => r.value)).toEqual([
      10,
      null,
      0,
    ]);
  });

  it('draws the sparkline over every month of the range, in order, with gaps', () => {
    const option = sparklineOption(
      [
        { month: '2025-12', eligibleJobseekers: 7100 },
        { month: '2025-10', eligibleJobseekers: 7300 },
      ],
      '2025-10',
      '2026-01',
    );
    expect(axisOf(option)).toEqual(['Okt. 25', 'Nov. 25', 'Dez. 25', 'Jan. 26']);
    expect(seriesOf(option)[0]!.data).toEqual([7300, null, 7100, null]);
  });

  it('draws one line per caseload figure, the sub-counts dashed', () => {
    const option = caseloadOption(
      [
        {
          month: '2026-02',
          benefitHouseholds: 5100,
          eligibleJobseekers: 7100,
          eligibleJobseekersUnder25: 1500,
          longTermRecipients: 4500,
        },
      ],
      '2026-01',
      '2026-02',
    );
    expect(seriesOf(option).map((series) => [series.name, series.data])).toEqual([
      ['Erwerbsfähige Leistungsberechtigte', [null, 7100]],
      ['Bedarfsgemeinschaften', [null, 5100]],
      ['Langzeitleistungsbeziehende', [null, 4500]],
      ['eLb unter 25', [null, 1500]],
    ]);
    expect(seriesOf(option).map((series) => series.lineStyle?.type ?? 'solid')).toEqual([
      'solid',
      'solid',
      'dashed',
      'dashed',
    ]);
  });

  it('puts the district’s indicator beside the county value of each month', () => {
    const month = (m: string, marl: number | null, herten: number, county: number | null) => ({
      month: m,
      county: { k1: { value: county }, k2: { value: 1 }, k3: { value: 2 } },
      districts: [
        { district: { id: 'herten' }, k1: { value: herten }, k2: { value: 0 }, k3: { value: 0 } },
        { district: { id: 'marl' }, k1: { value: marl }, k2: { value: 0 }, k3: { value: 0 } },
      ],
    });
    const option = indicatorOption(
      [month('2026-01', 3.5, 9, 2.25), month('2026-02', null, 9, null)],
      'marl',
      'k1',
      'Marl',
    );
    expect(axisOf(option)).toEqual(['Jan. 26', 'Feb. 26']);
    expect(seriesOf(option).map((series) => [series.name, series.data])).toEqual([
      ['Marl', [3.5, null]],
      ['Kreis', [2.25, null]],
    ]);
  });

  it('stacks each district’s amount by the indicators’ contributions, in euros that add up to the amount', () => {
    const districts = [
      {
        district: { id: 'marl', name: 'Bezirksstelle Marl' },
        amount: 300_000_00,
        contributions: [
          { indicator: 'ELIGIBLE_JOBSEEKERS', amount: 200_000_00 },
          { indicator: 'PROBLEM_PRESSURE', amount: 100_000_01 },
          { indicator: 'STRUCTURE', amount: -1 },
        ],
      },
      {
        district: { id: 'herten', name: 'Bezirksstelle Herten' },
        amount: 150_000_00,
        contributions: [{ indicator: 'ELIGIBLE_JOBSEEKERS', amount: 150_000_00 }],
      },
    ];
    const option = allocationOption(districts, (indicator) => `label:${indicator}`);
    expect(axisOf(option)).toEqual(['Bezirksstelle Marl', 'Bezirksstelle Herten']);
    const series = seriesOf(option);
    expect(series.map((entry) => entry.name)).toEqual([
      'label:ELIGIBLE_JOBSEEKERS',
      'label:PROBLEM_PRESSURE',
      'label:STRUCTURE',
    ]);
    expect(series.every((entry) => entry.stack === 'amount')).toBe(true);
    // Herten has no adjustment: its part of the stack is 0, not missing.
    expect(series[1]!.data).toEqual([100_000.01, 0]);
    districts.forEach((district, index) => {
      const stacked = series.reduce((sum, entry) => sum + Math.round(entry.data[index]! * 100), 0);
      expect(stacked).toBe(district.amount);
    });
  });
});
