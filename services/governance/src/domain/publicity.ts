import { RuleViolation } from '@jobcenter/kernel';
import type { Office } from './board';

/**
 * What the public may read of the board's work (docs/oparl.md). Personnel matters and personal
 * data beyond the board's public officials are not public: the consultation on a leadership
 * appointment, the transfer group's reports, and whatever the board office marks as such.
 */

/**
 * Submission kinds (SUBMISSION_KINDS of the event contracts) that are always personnel matters,
 * whoever makes them.
 */
const PERSONNEL_MATTER_KINDS: readonly string[] = ['LEADERSHIP_CONSULTATION'];

/**
 * Whether a submission is public: `requested` is the author's choice (public unless said
 * otherwise); a personnel-matter kind is never public, and asking for it is refused.
 */
export function submissionIsPublic(kind: string, requested: boolean | null): boolean {
  if (PERSONNEL_MATTER_KINDS.includes(kind)) {
    if (requested === true)
      throw new RuleViolation(`A ${kind} submission is a personnel matter: never public`, 'public');
    return false;
  }
  return requested ?? true;
}

/** Offices held in public: the board's and the steering committee's members and substitutes. */
const PUBLIC_OFFICES: readonly Office[] = [
  'LANDRAT',
  'HEAD_OF_DEPARTMENT',
  'SOCIAL_DEZERNENT',
  'MAYOR',
];

/**
 * A person is public as a public official: an office of the board's kind, and a seat (or a
 * substitute's place) on the board or the steering committee, now or at a meeting they attended.
 * Staff-council representatives and anybody else are not.
 */
export function personIsPublic(office: Office, holdsOrHeldASeat: boolean): boolean {
  return PUBLIC_OFFICES.includes(office) && holdsOrHeldASeat;
}
