import { RuleViolation, type YearMonth, yearMonthOf } from '@jobcenter/kernel';

/** The figures of a monthly caseload report (Fallzahlen). Money in cents. */
export interface CaseloadFigures {
  benefitHouseholds: number;
  eligibleJobseekers: number;
  eligibleJobseekersUnder25: number;
  longTermRecipients: number;
  integrations: number;
  subsistenceBenefits: number;
}

const counts = [
  'benefitHouseholds',
  'eligibleJobseekers',
  'eligibleJobseekersUnder25',
  'longTermRecipients',
  'integrations',
  'subsistenceBenefits',
] as const satisfies readonly (keyof CaseloadFigures)[];

/** Sub-counts that are parts of the eligible jobseekers and so cannot exceed them. */
const partsOfEligibleJobseekers = [
  'eligibleJobseekersUnder25',
  'longTermRecipients',
  'integrations',
] as const;

/**
 * Checks a caseload report before it is stored. Every violation is collected, so the reporter sees
 * them all at once; the first one's field is named in the error.
 */
export function validateCaseloadReport(
  month: YearMonth,
  figures: CaseloadFigures,
  today: Date,
): void {
  const problems: { field: string; message: string }[] = [];
  if (month > yearMonthOf(today)) {
    problems.push({
      field: 'month',
      message: `month ${month} lies in the future (current month: ${yearMonthOf(today)})`,
    });
  }
  for (const field of counts) {
    const value = figures[field];
    if (!Number.isSafeInteger(value))
      problems.push({ field: `figures.${field}`, message: `${field} must be a whole number` });
    else if (value < 0)
      problems.push({
        field: `figures.${field}`,
        message: `${field} must not be negative (got ${value})`,
      });
  }
  for (const part of partsOfEligibleJobseekers) {
    if (figures[part] > figures.eligibleJobseekers) {
      problems.push({
        field: `figures.${part}`,
        message: `${part} (${figures[part]}) cannot exceed eligibleJobseekers (${figures.eligibleJobseekers})`,
      });
    }
  }
  if (figures.benefitHouseholds > 0 && figures.eligibleJobseekers === 0) {
    problems.push({
      field: 'figures.eligibleJobseekers',
      message:
        'every benefit household has at least one eligible jobseeker, so eligibleJobseekers cannot be 0',
    });
  }
  if (problems.length > 0) {
    throw new RuleViolation(
      problems.map((problem) => problem.message).join('; '),
      problems[0]!.field,
    );
  }
}

export function validateCorrectionReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 3)
    throw new RuleViolation('reason must say why the report is corrected', 'reason');
  if (trimmed.length > 2000)
    throw new RuleViolation('reason must be at most 2000 characters', 'reason');
  return trimmed;
}
