import type { EntityManager } from 'typeorm';
import { firstDayOf } from '@jobcenter/kernel';
import type { CaseloadReportedV1 } from '../contracts/topics';

/** The figures of `districts.caseload-reported` a service may keep, and their columns. */
const FIGURE_COLUMNS = {
  benefitHouseholds: 'benefit_households',
  eligibleJobseekers: 'eligible_jobseekers',
  eligibleJobseekersUnder25: 'eligible_jobseekers_under_25',
  longTermRecipients: 'long_term_recipients',
  integrations: 'integrations',
  subsistenceBenefitsCents: 'subsistence_benefits_cents',
} as const satisfies Partial<Record<keyof CaseloadReportedV1, string>>;

export type CaseloadFigure = keyof typeof FIGURE_COLUMNS;

export interface CaseloadCopy<F extends CaseloadFigure> {
  /** The figures the service keeps, each in the column of its name (`eligible_jobseekers`). */
  figures: readonly F[];
}

/**
 * Keeps the valid caseload of a district's month in the service's copy (the table
 * `caseload_copy`, keyed by district and month, the month stored as its first day in a `date`
 * column): a report replaces the row only when its version is higher, so a correction wins and a
 * late or redelivered older version changes nothing. Runs in the caller's transaction; true when
 * the report was written.
 */
export async function copyCaseload<F extends CaseloadFigure>(
  manager: EntityManager,
  report: Pick<CaseloadReportedV1, 'districtId' | 'month' | 'version' | F>,
  copy: CaseloadCopy<F>,
): Promise<boolean> {
  const columns = copy.figures.map((figure) => FIGURE_COLUMNS[figure]);
  // $1 district, $2 month, $3 version, then one parameter per figure.
  const figureParameters = columns.map((_, index) => `$${index + 4}`);
  const rows: unknown[] = await manager.query(
    `INSERT INTO caseload_copy (district_id, month, version, ${columns.join(', ')})
     VALUES ($1, $2, $3, ${figureParameters.join(', ')})
     ON CONFLICT (district_id, month) DO UPDATE
       SET version = $3, ${columns.map((column, index) => `${column} = ${figureParameters[index]}`).join(', ')}
       WHERE caseload_copy.version < $3
     RETURNING 1 AS applied`,
    [
      report.districtId,
      firstDayOf(report.month),
      report.version,
      ...copy.figures.map((figure) => report[figure]),
    ],
  );
  return rows.length > 0;
}
