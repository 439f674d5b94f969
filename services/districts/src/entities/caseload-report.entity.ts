import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const bigintAsNumber = {
  to: (value: number) => value,
  from: (value: string | null) => {
    if (value === null) return null;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed))
      throw new Error(`amount ${value} exceeds the safe integer range`);
    return parsed;
  },
};

/** One version of a district's caseload report for a month; the highest version is valid. */
@Entity({ name: 'caseload_report' })
@Index(['districtId', 'month', 'version'], { unique: true })
export class CaseloadReportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'district_id', type: 'text' })
  districtId!: string;

  /** YYYY-MM; stored as the month's first day. */
  @Column({
    type: 'date',
    transformer: { to: (m: string) => `${m}-01`, from: (d: string) => d.slice(0, 7) },
  })
  month!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'benefit_households', type: 'integer' })
  benefitHouseholds!: number;

  @Column({ name: 'eligible_jobseekers', type: 'integer' })
  eligibleJobseekers!: number;

  @Column({ name: 'eligible_jobseekers_under_25', type: 'integer' })
  eligibleJobseekersUnder25!: number;

  @Column({ name: 'long_term_recipients', type: 'integer' })
  longTermRecipients!: number;

  @Column({ type: 'integer' })
  integrations!: number;

  @Column({ name: 'subsistence_benefits_cents', type: 'bigint', transformer: bigintAsNumber })
  subsistenceBenefits!: number;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;

  @Column({ name: 'reported_by', type: 'text' })
  reportedBy!: string;

  @Column({ name: 'correction_reason', type: 'text', nullable: true })
  correctionReason!: string | null;
}
