import { RuleViolation } from '@jobcenter/subgraph-server';
import {
  validateCaseloadReport,
  validateCorrectionReason,
  type CaseloadFigures,
} from '../src/domain/caseload';

const today = new Date('2026-11-25T10:00:00Z');

const aCaseload = (overrides: Partial<CaseloadFigures> = {}): CaseloadFigures => ({
  benefitHouseholds: 4000,
  eligibleJobseekers: 5500,
  eligibleJobseekersUnder25: 1100,
  longTermRecipients: 3500,
  integrations: 80,
  subsistenceBenefits: 248_000_000,
  ...overrides,
});

function violationOf(work: () => void): RuleViolation {
  try {
    work();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error('expected a RuleViolation');
}

describe('caseload report validation', () => {
  it('accepts a plausible report of the current and of a past month', () => {
    expect(() => validateCaseloadReport('2026-11', aCaseload(), today)).not.toThrow();
    expect(() => validateCaseloadReport('2019-01', aCaseload(), today)).not.toThrow();
  });

  it('accepts an office with no caseload at all', () => {
    const zero = aCaseload({
      benefitHouseholds: 0,
      eligibleJobseekers: 0,
      eligibleJobseekersUnder25: 0,
      longTermRecipients: 0,
      integrations: 0,
      subsistenceBenefits: 0,
    });
    expect(() => validateCaseloadReport('2026-10', zero, today)).not.toThrow();
  });

  it('refuses a future month', () => {
    const error = violationOf(() => validateCaseloadReport('2026-12', aCaseload(), today));
    expect(error.field).toBe('month');
    expect(error.message).toContain('2026-12 lies in the future');
  });

  it.each([
    'benefitHouseholds',
    'eligibleJobseekers',
    'eligibleJobseekersUnder25',
    'longTermRecipients',
    'integrations',
    'subsistenceBenefits',
  ] as const)('refuses a negative %s', (field) => {
    const error = violationOf(() =>
      validateCaseloadReport('2026-10', aCaseload({ [field]: -1 }), today),
    );
    expect(error.message).toContain(`${field} must not be negative`);
  });

  it('refuses a count that is not a whole number', () => {
    const error = violationOf(() =>
      validateCaseloadReport('2026-10', aCaseload({ integrations: 1.5 }), today),
    );
    expect(error.field).toBe('figures.integrations');
  });

  it.each(['eligibleJobseekersUnder25', 'longTermRecipients', 'integrations'] as const)(
    'refuses %s larger than the eligible jobseekers',
    (field) => {
      const error = violationOf(() =>
        validateCaseloadReport('2026-10', aCaseload({ [field]: 5501 }), today),
      );
      expect(error.field).toBe(`figures.${field}`);
      expect(error.message).toContain('cannot exceed eligibleJobseekers (5500)');
    },
  );

  it('refuses benefit households without any eligible jobseeker', () => {
    const figures = aCaseload({
      eligibleJobseekers: 0,
      eligibleJobseekersUnder25: 0,
      longTermRecipients: 0,
      integrations: 0,
    });
    expect(violationOf(() => validateCaseloadReport('2026-10', figures, today)).field).toBe(
      'figures.eligibleJobseekers',
    );
  });

  it('names every problem at once', () => {
    const error = violationOf(() =>
      validateCaseloadReport(
        '2027-01',
        aCaseload({ integrations: -3, longTermRecipients: 9000 }),
        today,
      ),
    );
    expect(error.field).toBe('month');
    expect(error.message).toContain('future');
    expect(error.message).toContain('integrations must not be negative');
    expect(error.message).toContain('longTermRecipients (9000) cannot exceed');
  });

  it('requires a reason for a correction', () => {
    expect(violationOf(() => validateCorrectionReason('  ')).field).toBe('reason');
    expect(validateCorrectionReason('  counted twice ')).toBe('counted twice');
  });
});
