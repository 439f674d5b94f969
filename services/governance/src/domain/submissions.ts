import { Conflict, NotFound, RuleViolation } from '@jobcenter/kernel';
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

/** Kinds that only other services' events make; the board office does not write them. */
/** `kind`: a submission kind (SUBMISSION_KINDS of the event contracts). */
export function requireWrittenByHand(kind: string): void {
  if (kind === 'LEADERSHIP_CONSULTATION') {
    throw new RuleViolation(
      "LEADERSHIP_CONSULTATION submissions are made from personnel's proposals (personnel.appointment-proposed), not written by hand",
      'kind',
    );
  }
}

/**
 * A TARGET_AGREEMENT submission proposes a draft agreement (`status`, null when there is none),
 * and only one submission proposes it (`proposedIn`: the reference of one that already does): a
 * second could never be adopted and would stay open.
 */
export function checkProposedTargetAgreement(
  targetAgreementId: string,
  status: 'DRAFT' | 'CONCLUDED' | null,
  proposedIn: string | null,
): void {
  if (status !== 'DRAFT') {
    throw new NotFound(
      `There is no draft target agreement ${targetAgreementId}`,
      'proposal.targetAgreementId',
    );
  }
  if (proposedIn) {
    throw new Conflict(
      `Submission ${proposedIn} already proposes this target agreement`,
      'proposal.targetAgreementId',
    );
  }
}
