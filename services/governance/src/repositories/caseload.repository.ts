import type { EntityManager } from 'typeorm';
import type { CaseloadFigures } from '../domain/benchmarking';

interface CaseloadRow {
  district_id: string;
  month: string;
  eligible_jobseekers: number;
  long_term_recipients: number;
  integrations: number;
  subsistence_benefits_cents: string;
}

/** The valid caseload of each district and month as the districts service reported it (`caseload_copy`). */
export class CaseloadRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The latest month with caseload (YYYY-MM); null without any. */
  async latestMonth(): Promise<string | null> {
    const [latest] = await this.manager.query(
      `SELECT to_char(max(month), 'YYYY-MM') AS month FROM caseload_copy`,
    );
    return latest?.month ?? null;
  }

  /** The first and the last month with caseload; null without any. */
  async monthRange(): Promise<{ first: string; last: string } | null> {
    const [range] = await this.manager.query(
      `SELECT to_char(min(month), 'YYYY-MM') AS first, to_char(max(month), 'YYYY-MM') AS last FROM caseload_copy`,
    );
    return range?.first ? range : null;
  }

  /** The figures of every district for the months from..to (YYYY-MM). */
  async figuresBetween(from: string, to: string): Promise<CaseloadFigures[]> {
    const rows: CaseloadRow[] = await this.manager.query(
      `SELECT district_id, to_char(month, 'YYYY-MM') AS month, eligible_jobseekers, long_term_recipients,
            integrations, subsistence_benefits_cents
       FROM caseload_copy
      WHERE month BETWEEN to_date($1, 'YYYY-MM') AND to_date($2, 'YYYY-MM')`,
      [from, to],
    );
    return rows.map((row) => ({
      districtId: row.district_id,
      month: row.month,
      eligibleJobseekers: row.eligible_jobseekers,
      longTermRecipients: row.long_term_recipients,
      integrations: row.integrations,
      subsistenceBenefitsCents: Number(row.subsistence_benefits_cents),
    }));
  }

  /** The latest month with caseload of each `districtId|year` asked for (one statement for all). */
  async latestMonthsOf(keys: readonly string[]): Promise<(string | null)[]> {
    const wellFormed = keys
      .map((key) => key.split('|'))
      .filter(
        (parts): parts is [string, string] => parts.length === 2 && /^\d{4}$/.test(parts[1]!),
      );
    const rows: { key: string; month: string }[] = await this.manager.query(
      `SELECT k.district_id || '|' || k.year AS key,
              (SELECT to_char(c.month, 'YYYY-MM') FROM caseload_copy c
                WHERE c.district_id = k.district_id
                  AND c.month >= make_date(k.year, 1, 1) AND c.month < make_date(k.year + 1, 1, 1)
                ORDER BY c.month DESC LIMIT 1) AS month
         FROM unnest($1::text[], $2::int[]) AS k(district_id, year)`,
      [wellFormed.map(([districtId]) => districtId), wellFormed.map(([, year]) => Number(year))],
    );
    const byKey = new Map(rows.map((row) => [row.key, row.month]));
    return keys.map((key) => byKey.get(key) ?? null);
  }
}
