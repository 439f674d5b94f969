import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The benchmark of each month as computed from the caseload governance holds, kept up to date by
 * the caseload handler, so that reading it is one statement instead of a computation.
 */
export class BenchmarkProjection1764900000001 implements MigrationInterface {
  name = 'BenchmarkProjection1764900000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE benchmark_month (
        month date PRIMARY KEY,
        benchmark jsonb NOT NULL,
        algorithm integer NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE benchmark_month');
  }
}
