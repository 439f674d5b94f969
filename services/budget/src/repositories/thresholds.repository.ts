import type { EntityManager } from 'typeorm';
import type { Threshold } from '../domain/spending';

/** The spending thresholds reached per allocation, district and allocated amount (table `threshold_reached`). */
export class ThresholdsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Records the threshold as reached; answers when, or null when it had been already. */
  async recordReached(reached: {
    allocationId: string;
    districtId: string;
    threshold: Threshold;
    allocatedCents: number;
  }): Promise<Date | null> {
    const inserted = await this.manager.query(
      `INSERT INTO threshold_reached (allocation_id, district_id, threshold_percent, allocated_cents, reached_at)
       VALUES ($1, $2, $3, $4, now()) ON CONFLICT DO NOTHING RETURNING reached_at`,
      [reached.allocationId, reached.districtId, reached.threshold, reached.allocatedCents],
    );
    return inserted.length === 0 ? null : new Date(inserted[0].reached_at);
  }
}
