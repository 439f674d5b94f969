import type { EntityManager } from 'typeorm';
import { CaseloadReportEntity } from '../entities';
import type { YearMonth } from '../domain/year-month';

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

  insert(report: CaseloadReportEntity): Promise<CaseloadReportEntity> {
    return this.repository.save(report);
  }
}
