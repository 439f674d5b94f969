import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An adoption can be refused: STALE when the pool it was computed on is no longer the one in force,
 * BELOW_SPENDING when it would give a district less than it has already spent. Thresholds are
 * kept per allocated amount, so that a changed allocation is watched anew.
 */
export class AdoptionOutcomes1764200000002 implements MigrationInterface {
  name = 'AdoptionOutcomes1764200000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE allocation_adoption DROP CONSTRAINT allocation_adoption_outcome_check',
    );
    await runner.query(
      `ALTER TABLE allocation_adoption ADD CONSTRAINT allocation_adoption_outcome_check
         CHECK (outcome IN ('PENDING', 'IN_FORCE', 'SUPERSEDED', 'OUTDATED', 'STALE', 'BELOW_SPENDING'))`,
    );
    await runner.query(
      'ALTER TABLE threshold_reached ADD COLUMN allocated_cents bigint NOT NULL DEFAULT 0',
    );
    await runner.query('ALTER TABLE threshold_reached DROP CONSTRAINT threshold_reached_pkey');
    await runner.query(
      'ALTER TABLE threshold_reached ADD PRIMARY KEY (allocation_id, district_id, threshold_percent, allocated_cents)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE threshold_reached DROP CONSTRAINT threshold_reached_pkey');
    await runner.query('ALTER TABLE threshold_reached DROP COLUMN allocated_cents');
    await runner.query(
      'ALTER TABLE threshold_reached ADD PRIMARY KEY (allocation_id, district_id, threshold_percent)',
    );
    await runner.query(
      'ALTER TABLE allocation_adoption DROP CONSTRAINT allocation_adoption_outcome_check',
    );
    await runner.query(
      `ALTER TABLE allocation_adoption ADD CONSTRAINT allocation_adoption_outcome_check
         CHECK (outcome IN ('PENDING', 'IN_FORCE', 'SUPERSEDED', 'OUTDATED'))`,
    );
  }
}
