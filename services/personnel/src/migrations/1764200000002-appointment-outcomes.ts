import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Appointments may be withdrawn by HR, or fail when the candidate can no longer take the post. */
export class AppointmentOutcomes1764200000002 implements MigrationInterface {
  name = 'AppointmentOutcomes1764200000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE appointment DROP CONSTRAINT appointment_status_check');
    await runner.query(
      `ALTER TABLE appointment ADD CONSTRAINT appointment_status_check
         CHECK (status IN ('PENDING', 'COMPLETED', 'WITHDRAWN', 'FAILED'))`,
    );
    await runner.query('ALTER TABLE appointment ADD COLUMN outcome_reason text');
    await runner.query(
      `CREATE UNIQUE INDEX appointment_one_pending_per_candidate ON appointment (candidate_id) WHERE status = 'PENDING'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX appointment_one_pending_per_candidate');
    await runner.query('ALTER TABLE appointment DROP COLUMN outcome_reason');
    await runner.query('ALTER TABLE appointment DROP CONSTRAINT appointment_status_check');
    await runner.query(
      `ALTER TABLE appointment ADD CONSTRAINT appointment_status_check CHECK (status IN ('PENDING', 'COMPLETED'))`,
    );
  }
}
