import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Outbox } from '@jobcenter/events';
import { Conflict, NotFound } from '@jobcenter/subgraph-server';
import { isUniqueViolation } from '@jobcenter/db';
import type { YearMonth } from '@jobcenter/kernel';
import {
  type CaseloadFigures,
  validateCaseloadReport,
  validateCorrectionReason,
} from '../domain/caseload';
import { type Ownership, requireOwned } from '../domain/ownership';
import { CaseloadReportEntity } from '../entities';
import { caseloadReported } from '../events/published-events';
import { CaseloadReportsRepository } from '../repositories/caseload-reports.repository';
import { UnitsRepository } from '../repositories/units.repository';

export interface CaseloadSubmission {
  districtId: string;
  month: YearMonth;
  figures: CaseloadFigures;
  reportedBy: string;
}

/**
 * Stores caseload reports and their corrections. Each runs in one transaction with its event in
 * the outbox; the district row is locked, so versions of one district never race.
 */
export class CaseloadReporting {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ownership: Ownership,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The first report of a month. */
  report(submission: CaseloadSubmission): Promise<CaseloadReportEntity> {
    return this.store(submission, null);
  }

  /** A new version of a reported month; the earlier versions stay as history. */
  correct(submission: CaseloadSubmission & { reason: string }): Promise<CaseloadReportEntity> {
    return this.store(submission, validateCorrectionReason(submission.reason));
  }

  private async store(
    submission: CaseloadSubmission,
    correctionReason: string | null,
  ): Promise<CaseloadReportEntity> {
    requireOwned(this.ownership, submission.districtId);
    const now = this.clock();
    validateCaseloadReport(submission.month, submission.figures, now);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const district = await new UnitsRepository(manager).lockDistrict(submission.districtId);
        if (!district)
          throw new NotFound(
            `There is no district office "${submission.districtId}"`,
            'districtId',
          );
        const reports = new CaseloadReportsRepository(manager);
        const versions = await reports.versionsOf(district.id, submission.month);
        const previous = versions[versions.length - 1];
        if (correctionReason === null && previous) {
          throw new Conflict(
            `${district.name} has already reported ${submission.month}; use correctCaseloadReport to change it`,
            'month',
          );
        }
        if (correctionReason !== null && !previous) {
          throw new NotFound(
            `${district.name} has not reported ${submission.month} yet; report it first`,
            'month',
          );
        }
        const report = Object.assign(new CaseloadReportEntity(), {
          id: randomUUID(),
          districtId: district.id,
          month: submission.month,
          version: (previous?.version ?? 0) + 1,
          ...submission.figures,
          reportedAt: now,
          reportedBy: submission.reportedBy,
          correctionReason,
        });
        await reports.insert(report);
        await this.outbox.publish(
          manager,
          'caseloadReported',
          district.id,
          caseloadReported(report, previous?.id ?? null),
        );
        return report;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new Conflict(
          `${submission.districtId} ${submission.month} was changed at the same time; try again`,
          'month',
        );
      }
      throw error;
    }
  }
}
