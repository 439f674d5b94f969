import type { EntityManager } from 'typeorm';
import { keysetPagesOf, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import type { YearMonth } from '@jobcenter/kernel';
import { CaseloadReportEntity } from '../entities';

/**
 * Caseload reports. "Valid" means the highest version of a (district, month). Every method that
 * takes several districts answers them all with one statement.
 */
export class CaseloadReportsRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repository() {
    return this.manager.getRepository(CaseloadReportEntity);
  }

  /** The valid report of each district's most recent reported month. */
  latestOf(districtIds: readonly string[]): Promise<CaseloadReportEntity[]> {
    // One index probe per district (caseload_report_latest), not a sort of all their reports.
    return this.repository
      .createQueryBuilder('report')
      .where(
        `report.id IN (SELECT latest.id FROM unnest(CAST(:ids AS text[])) AS district(id)
           CROSS JOIN LATERAL (SELECT r.id FROM caseload_report r WHERE r.district_id = district.id
                                ORDER BY r.month DESC, r.version DESC LIMIT 1) AS latest)`,
        { ids: [...districtIds] },
      )
      .orderBy('report.district_id')
      .getMany();
  }

  /** The valid reports of the districts for the months from..to, oldest first. */
  validInRange(
    districtIds: readonly string[],
    from: YearMonth,
    to: YearMonth,
  ): Promise<CaseloadReportEntity[]> {
    return this.repository
      .createQueryBuilder('report')
      .distinctOn(['report.district_id', 'report.month'])
      .where('report.district_id = ANY(:ids)', { ids: [...districtIds] })
      .andWhere('report.month BETWEEN :from AND :to', { from: `${from}-01`, to: `${to}-01` })
      .orderBy('report.district_id')
      .addOrderBy('report.month', 'ASC')
      .addOrderBy('report.version', 'DESC')
      .getMany();
  }

  /**
   * A page of each district's valid reports, oldest month first, within from..to when given: one
   * statement for all the districts.
   */
  validPagesOf(
    districtIds: readonly string[],
    range: { from?: YearMonth; to?: YearMonth },
    page: PageArguments,
  ): Promise<Map<string, Connection<CaseloadReportEntity>>> {
    return keysetPagesOf(
      this.manager,
      {
        name: 'caseloadReports',
        parent: 'report.district_id',
        select: `report.*, to_char(report.month, 'YYYY-MM') AS year_month`,
        from: 'caseload_report report',
        where: [
          `NOT EXISTS (SELECT 1 FROM caseload_report newer WHERE newer.district_id = report.district_id
             AND newer.month = report.month AND newer.version > report.version)`,
          '($1::date IS NULL OR report.month >= $1)',
          '($2::date IS NULL OR report.month <= $2)',
        ],
        parameters: [range.from ? `${range.from}-01` : null, range.to ? `${range.to}-01` : null],
        orderBy: [{ expression: 'report.month', type: 'date' }],
        toNode: toReport,
      },
      districtIds,
      page,
    );
  }

  /** Every version of one district's month, oldest first. */
  versionsOf(districtId: string, month: YearMonth): Promise<CaseloadReportEntity[]> {
    return this.repository.find({ where: { districtId, month }, order: { version: 'ASC' } });
  }

  /** Every version of each `districtId|YYYY-MM` asked for, oldest first. */
  versionsOfMany(keys: readonly string[]): Promise<CaseloadReportEntity[]> {
    return this.repository
      .createQueryBuilder('report')
      .where("report.district_id || '|' || to_char(report.month, 'YYYY-MM') = ANY(:keys)", {
        keys: [...keys],
      })
      .orderBy('report.version', 'ASC')
      .getMany();
  }

  /** Every `districtId|YYYY-MM` that has a report (of any version). */
  async reportedKeys(): Promise<Set<string>> {
    const rows: { key: string }[] = await this.manager.query(
      "SELECT DISTINCT district_id || '|' || to_char(month, 'YYYY-MM') AS key FROM caseload_report",
    );
    return new Set(rows.map((row) => row.key));
  }

  insert(report: CaseloadReportEntity): Promise<CaseloadReportEntity> {
    return this.repository.save(report);
  }
}

interface CaseloadReportRow {
  id: string;
  district_id: string;
  year_month: string;
  version: number;
  benefit_households: number;
  eligible_jobseekers: number;
  eligible_jobseekers_under_25: number;
  long_term_recipients: number;
  integrations: number;
  subsistence_benefits_cents: string;
  reported_at: Date;
  reported_by: string;
  correction_reason: string | null;
}

/** A row read by plain SQL, as the entity (the same conversions as its column transformers). */
function toReport(row: CaseloadReportRow): CaseloadReportEntity {
  const subsistence = Number(row.subsistence_benefits_cents);
  if (!Number.isSafeInteger(subsistence)) {
    throw new Error(`amount ${row.subsistence_benefits_cents} exceeds the safe integer range`);
  }
  return Object.assign(new CaseloadReportEntity(), {
    id: row.id,
    districtId: row.district_id,
    month: row.year_month,
    version: row.version,
    benefitHouseholds: row.benefit_households,
    eligibleJobseekers: row.eligible_jobseekers,
    eligibleJobseekersUnder25: row.eligible_jobseekers_under_25,
    longTermRecipients: row.long_term_recipients,
    integrations: row.integrations,
    subsistenceBenefits: subsistence,
    reportedAt: row.reported_at,
    reportedBy: row.reported_by,
    correctionReason: row.correction_reason,
  });
}
