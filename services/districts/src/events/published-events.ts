import type { CaseloadReportedV1, DistrictChangedV1 } from '@jobcenter/events';
import type { CaseloadReportEntity, JobcenterUnitEntity } from '../entities';

export function caseloadReported(
  report: CaseloadReportEntity,
  correctionOf: string | null,
): CaseloadReportedV1 {
  return {
    reportId: report.id,
    districtId: report.districtId,
    month: report.month,
    version: report.version,
    correctionOf,
    benefitHouseholds: report.benefitHouseholds,
    eligibleJobseekers: report.eligibleJobseekers,
    eligibleJobseekersUnder25: report.eligibleJobseekersUnder25,
    longTermRecipients: report.longTermRecipients,
    integrations: report.integrations,
    subsistenceBenefitsCents: report.subsistenceBenefits,
    reportedAt: report.reportedAt.toISOString(),
  };
}

export function districtChanged(unit: JobcenterUnitEntity): DistrictChangedV1 {
  if (unit.kind !== 'DISTRICT_OFFICE' || !unit.city || !unit.sizeGroup) {
    throw new Error(`${unit.id} is not a district office`);
  }
  return {
    districtId: unit.id,
    name: unit.name,
    city: unit.city,
    sizeGroup: unit.sizeGroup,
    address: { street: unit.street, postalCode: unit.postalCode, town: unit.town },
    changedAt: unit.updatedAt.toISOString(),
  };
}
