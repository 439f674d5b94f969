import type { EntityManager } from 'typeorm';
import { lockName } from '@jobcenter/db';
import type { Benchmark } from '../domain/benchmarking';

/** The stored benchmarks (`benchmark_month`), each with the version of the computation it came from. */
export class BenchmarksRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * One refresh at a time (replicas of governance apply reports of different districts at once):
   * each reads the caseload after the others' refreshes committed, so none stores a month without
   * another's report.
   */
  lock(): Promise<void> {
    return lockName(this.manager, 'governance.benchmark_month');
  }

  /** The stored benchmarks of those months that `algorithm` computed, by month. */
  async stored(months: readonly string[], algorithm: number): Promise<Map<string, Benchmark>> {
    const rows: { benchmark: Benchmark }[] = await this.manager.query(
      `SELECT benchmark FROM benchmark_month
      WHERE month = ANY(SELECT to_date(m, 'YYYY-MM') FROM unnest($1::text[]) AS m) AND algorithm = $2`,
      [[...months], algorithm],
    );
    return new Map(rows.map(({ benchmark }) => [benchmark.month, benchmark]));
  }

  /** Whether there is caseload, and whether benchmarks of `algorithm` or of another are stored. */
  async state(
    algorithm: number,
  ): Promise<{ hasCaseload: boolean; current: boolean; outdated: boolean }> {
    const [state] = await this.manager.query(
      `SELECT (SELECT count(*) FROM caseload_copy) > 0 AS has_caseload,
            EXISTS (SELECT 1 FROM benchmark_month WHERE algorithm = $1) AS current,
            EXISTS (SELECT 1 FROM benchmark_month WHERE algorithm <> $1) AS outdated`,
      [algorithm],
    );
    return { hasCaseload: state.has_caseload, current: state.current, outdated: state.outdated };
  }

  async deleteOtherThan(algorithm: number): Promise<void> {
    await this.manager.query('DELETE FROM benchmark_month WHERE algorithm <> $1', [algorithm]);
  }

  /** Stores the benchmarks, replacing those of the same months. */
  async store(benchmarks: readonly Benchmark[], algorithm: number): Promise<void> {
    if (benchmarks.length === 0) return;
    await this.manager.query(
      `INSERT INTO benchmark_month (month, benchmark, algorithm, computed_at)
     SELECT to_date(entry->>'month', 'YYYY-MM'), entry, $2, now() FROM jsonb_array_elements($1::jsonb) AS entry
     ON CONFLICT (month) DO UPDATE
       SET benchmark = EXCLUDED.benchmark, algorithm = EXCLUDED.algorithm, computed_at = EXCLUDED.computed_at`,
      [JSON.stringify(benchmarks), algorithm],
    );
  }
}
