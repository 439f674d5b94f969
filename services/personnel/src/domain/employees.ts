import { RuleViolation } from '@jobcenter/kernel';

/** An employee's name: 2 to 200 characters, without the spaces around it. */
export function parseEmployeeName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed.length > 200) {
    throw new RuleViolation('a name has 2 to 200 characters', 'name');
  }
  return trimmed;
}

/** A personnel number: 2 to 40 letters, digits or dashes, without the spaces around it. */
export function parsePersonnelNumber(personnelNumber: string): string {
  const trimmed = personnelNumber.trim();
  if (!/^[A-Za-z0-9-]{2,40}$/.test(trimmed)) {
    throw new RuleViolation(
      'a personnel number has 2 to 40 letters, digits or dashes',
      'personnelNumber',
    );
  }
  return trimmed;
}

/** An employment ends on or after the day it began (both calendar dates). */
export function checkEndOfEmployment(startDate: string, endDate: string): void {
  if (endDate < startDate) {
    throw new RuleViolation(
      `the employment began on ${startDate}; it cannot end before`,
      'endDate',
    );
  }
}
