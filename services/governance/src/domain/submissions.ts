import { RuleViolation } from '@jobcenter/kernel';

const MIN_TITLE_LENGTH = 3;
const MIN_TEXT_LENGTH = 10;

export function validateSubmissionText(title: string, text: string): void {
  if (title.trim().length < MIN_TITLE_LENGTH)
    throw new RuleViolation(
      `A submission needs a title of at least ${MIN_TITLE_LENGTH} characters`,
      'title',
    );
  if (text.trim().length < MIN_TEXT_LENGTH)
    throw new RuleViolation(
      `A submission is written: its text needs at least ${MIN_TEXT_LENGTH} characters, has ${text.trim().length}`,
      'text',
    );
}
