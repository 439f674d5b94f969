import { proposalSchemas, SUBMISSION_KINDS, type SubmissionKind } from '@jobcenter/events';
import { RuleViolation } from '@jobcenter/subgraph-server';

/**
 * Submission (Vorlage) kinds and their proposals: the contract lives with the event contracts,
 * since other services act on adopted proposals.
 */
export { proposalSchemas, SUBMISSION_KINDS, type SubmissionKind };

/** Validates a proposal for its kind; the error names the first wrong field. */
export function parseProposal(kind: SubmissionKind, proposal: unknown): unknown {
  const schema = proposalSchemas[kind];
  if (!schema) throw new RuleViolation(`Unknown submission kind ${kind}`, 'kind');
  const result = schema.safeParse(kind === 'GENERAL' ? (proposal ?? null) : proposal);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = ['proposal', ...issue.path].join('.');
    throw new RuleViolation(`${kind} proposal: ${path}: ${issue.message}`, path);
  }
  return result.data;
}

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
