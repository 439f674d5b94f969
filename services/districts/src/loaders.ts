import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { connectionLoader, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import type { YearMonth } from '@jobcenter/kernel';
import type { CaseloadReportEntity, JobcenterUnitEntity } from './entities';
import { CaseloadReportsRepository } from './repositories/caseload-reports.repository';
import { UnitsRepository } from './repositories/units.repository';

export interface Loaders {
  unit: DataLoader<string, JobcenterUnitEntity | null>;
  latestReport: DataLoader<string, CaseloadReportEntity | null>;
  /** Every version of a `districtId|YYYY-MM`, oldest first. */
  history: DataLoader<string, CaseloadReportEntity[]>;
  reportsInRange: DataLoader<
    { districtId: string; from: YearMonth; to: YearMonth },
    CaseloadReportEntity[],
    string
  >;
  reportPage: {
    load: (
      districtId: string,
      args: PageArguments & { from?: YearMonth; to?: YearMonth },
    ) => Promise<Connection<CaseloadReportEntity>>;
  };
}

/**
 * Per-request batching: whatever the number of districts in a query, each kind of lookup is one
 * SQL statement (per distinct month range).
 */
export function createLoaders(dataSource: DataSource): Loaders {
  const units = new UnitsRepository(dataSource.manager);
  const reports = new CaseloadReportsRepository(dataSource.manager);
  return {
    unit: new DataLoader(async (ids) => {
      const byId = new Map((await units.byIds(ids)).map((unit) => [unit.id, unit]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    latestReport: new DataLoader(async (ids) => {
      const byDistrict = new Map(
        (await reports.latestOf(ids)).map((report) => [report.districtId, report]),
      );
      return ids.map((id) => byDistrict.get(id) ?? null);
    }),
    history: new DataLoader(async (keys) => {
      const versions = await reports.versionsOfMany(keys);
      return keys.map((key) =>
        versions.filter((report) => `${report.districtId}|${report.month}` === key),
      );
    }),
    reportPage: connectionLoader<
      CaseloadReportEntity,
      PageArguments & { from?: YearMonth; to?: YearMonth }
    >((ids, { from, to, ...page }) => reports.validPagesOf(ids, { from, to }, page)),
    reportsInRange: new DataLoader(
      async (keys) => {
        const ranges = new Map<string, { from: YearMonth; to: YearMonth; ids: string[] }>();
        for (const { districtId, from, to } of keys) {
          const range = ranges.get(`${from}|${to}`) ?? { from, to, ids: [] };
          range.ids.push(districtId);
          ranges.set(`${from}|${to}`, range);
        }
        const found = new Map<string, CaseloadReportEntity[]>();
        for (const [rangeKey, { from, to, ids }] of ranges) {
          for (const report of await reports.validInRange(ids, from, to)) {
            const key = `${report.districtId}|${rangeKey}`;
            found.set(key, [...(found.get(key) ?? []), report]);
          }
        }
        return keys.map(
          ({ districtId, from, to }) => found.get(`${districtId}|${from}|${to}`) ?? [],
        );
      },
      { cacheKeyFn: ({ districtId, from, to }) => `${districtId}|${from}|${to}` },
    ),
  };
}
