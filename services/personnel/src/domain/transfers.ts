import { Conflict, RuleViolation } from '@jobcenter/kernel';
import { checkAssignment, type Employer, type StaffFunction } from './functions';
import { checkNewPost, employerOfPost, type EmployerSide, type PostStatus } from './posts';

/**
 * Transfers between Kreis and cities (Überleitung, docs/rules.md#rule-9):
 * - FLUCTUATION: a post fell vacant and is refilled by the other side; the post changes side, no
 *   person moves, so no consent is needed;
 * - VOLUNTARY: an employee changes employer, which needs the consent of all three: the employee,
 *   the city and the Kreis. Any refusal ends it; nothing moves before all three consented.
 */
export type TransferKind = 'FLUCTUATION' | 'VOLUNTARY';
export type TransferStatus = 'OPEN' | 'COMPLETED' | 'REFUSED';
export const CONSENT_PARTIES = ['EMPLOYEE', 'CITY', 'KREIS'] as const;
export type ConsentParty = (typeof CONSENT_PARTIES)[number];
export type Consents = Partial<Record<ConsentParty, boolean>>;

export interface VoluntaryTransferState {
  id: string;
  status: TransferStatus;
  consents: Consents;
}

/** The outcome once a party has answered: still open, completed (all agreed) or refused. */
export function answer(
  transfer: VoluntaryTransferState,
  party: ConsentParty,
  consent: boolean,
): { status: TransferStatus; consents: Consents } {
  if (transfer.status !== 'OPEN') {
    throw new Conflict(`transfer ${transfer.id} is ${transfer.status.toLowerCase()}`, 'transferId');
  }
  if (transfer.consents[party] !== undefined) {
    throw new Conflict(
      `${party.toLowerCase()} has already answered transfer ${transfer.id}; an answer is not changed`,
      'party',
    );
  }
  const consents = { ...transfer.consents, [party]: consent };
  if (!consent) return { status: 'REFUSED', consents };
  const allAgreed = CONSENT_PARTIES.every((p) => consents[p] === true);
  return { status: allAgreed ? 'COMPLETED' : 'OPEN', consents };
}

/**
 * A voluntary transfer goes between the Kreis and the city of the employee's Bezirksstelle, and
 * the employee's work must be one the new employer may do (docs/rules.md#rule-7, #rule-8).
 */
export function checkVoluntaryTransfer(
  employee: { id: string; employer: Employer; workplace: string; function: StaffFunction },
  to: Employer,
): { city: Employer } {
  if (employee.employer === to) {
    throw new RuleViolation(`employee ${employee.id} is already employed by ${to}`, 'to');
  }
  if (employee.employer !== 'KREIS' && to !== 'KREIS') {
    throw new RuleViolation(
      'a transfer goes between the Kreis and a city, not from one city to another',
      'to',
    );
  }
  checkAssignment(to, employee.workplace, employee.function, 'employee.');
  const city = employee.employer === 'KREIS' ? to : employee.employer;
  return { city };
}

/** A reason given for a transfer: 3 to 2000 characters, without the spaces around it. */
export function parseTransferReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 3 || trimmed.length > 2000) {
    throw new RuleViolation('a reason has 3 to 2000 characters', 'reason');
  }
  return trimmed;
}

/** The transfer group's report to the board (docs/rules.md#rule-10), without the spaces around it. */
export function parseTransferGroupReport(input: { title: string; text: string }): {
  title: string;
  text: string;
} {
  const title = input.title.trim();
  const text = input.text.trim();
  if (title.length < 3 || title.length > 200) {
    throw new RuleViolation('a title has 3 to 200 characters', 'title');
  }
  if (text.length < 10 || text.length > 20_000) {
    throw new RuleViolation('a report has 10 to 20,000 characters', 'text');
  }
  return { title, text };
}

/** A vacant post to be refilled by the other side. */
export interface FluctuationStep {
  step: 'FLUCTUATION';
  post: {
    reference: string;
    unitId: string;
    function: StaffFunction;
    employerSide: EmployerSide;
    status: PostStatus;
    pendingAppointment: boolean;
  };
}

/** An employee asks to change employer. */
export interface ProposalStep {
  step: 'PROPOSAL';
  employee: {
    id: string;
    employer: Employer;
    workplace: string;
    function: StaffFunction;
    active: boolean;
  };
  to: Employer;
}

/** One party answers a transfer. */
export interface AnswerStep {
  step: 'ANSWER';
  transfer: VoluntaryTransferState & {
    kind: TransferKind;
    employeeId: string | null;
    toEmployer: Employer;
  };
  party: ConsentParty;
  consent: boolean;
}

export type TransferStep = FluctuationStep | ProposalStep | AnswerStep;

/** Between whom a transfer goes; `city` is the city side of it. */
export interface TransferSides {
  from: Employer;
  to: Employer;
  city: Employer;
}

/** By fluctuation the post changes side at once: the transfer is completed as it is made. */
export interface FluctuationDecision extends TransferSides {
  kind: 'FLUCTUATION';
  status: 'COMPLETED';
  postSide: EmployerSide;
}

/** A voluntary transfer opens; nothing moves until all three consented. */
export interface ProposalDecision extends TransferSides {
  kind: 'VOLUNTARY';
  status: 'OPEN';
}

/**
 * After an answer: the status and consents, and when the third consent completed it, who moves
 * where (the employee to the new employer, the posts they hold to that side).
 */
export interface AnswerDecision {
  status: TransferStatus;
  consents: Consents;
  move: { employeeId: string | null; to: Employer; postSide: EmployerSide } | null;
}

/**
 * Rule 9 (docs/rules.md#rule-9) in one place: what a step of a transfer between Kreis and cities decides, or the
 * domain error that refuses it.
 * - FLUCTUATION: only a post that fell vacant (vacant or advertised, with no leadership
 *   appointment pending) changes side, and only where the other side may employ; no consent.
 * - PROPOSAL: an employed employee, between the Kreis and the city of their Bezirksstelle, into
 *   work the new employer may do (rules 7, 8); the transfer opens.
 * - ANSWER: only a voluntary transfer is answered; a refusal ends it, the third consent completes
 *   it and moves the employee with the posts they hold.
 */
export function decideTransfer(step: FluctuationStep): FluctuationDecision;
export function decideTransfer(step: ProposalStep): ProposalDecision;
export function decideTransfer(step: AnswerStep): AnswerDecision;
export function decideTransfer(
  step: TransferStep,
): FluctuationDecision | ProposalDecision | AnswerDecision {
  switch (step.step) {
    case 'FLUCTUATION': {
      const { post } = step;
      if (post.status === 'FILLED') {
        throw new RuleViolation(
          `post ${post.reference} is filled: by fluctuation only a post that fell vacant changes side; a person moves only by a voluntary transfer`,
          'postId',
        );
      }
      if (post.pendingAppointment) {
        throw new Conflict(`post ${post.reference} awaits a leadership appointment`, 'postId');
      }
      const postSide = post.employerSide === 'KREIS' ? 'CITY' : 'KREIS';
      checkNewPost(post.unitId, post.function, postSide);
      const from = employerOfPost(post.unitId, post.employerSide);
      const to = employerOfPost(post.unitId, postSide);
      return {
        kind: 'FLUCTUATION',
        status: 'COMPLETED',
        postSide,
        from,
        to,
        city: from === 'KREIS' ? to : from,
      };
    }
    case 'PROPOSAL': {
      const { employee, to } = step;
      if (!employee.active) {
        throw new RuleViolation(`employee ${employee.id} is not employed`, 'employeeId');
      }
      const { city } = checkVoluntaryTransfer(employee, to);
      return { kind: 'VOLUNTARY', status: 'OPEN', from: employee.employer, to, city };
    }
    case 'ANSWER': {
      const { transfer } = step;
      if (transfer.kind !== 'VOLUNTARY') {
        throw new RuleViolation('a transfer by fluctuation needs no consent', 'transferId');
      }
      const outcome = answer(transfer, step.party, step.consent);
      return {
        ...outcome,
        move:
          outcome.status === 'COMPLETED'
            ? {
                employeeId: transfer.employeeId,
                to: transfer.toEmployer,
                postSide: transfer.toEmployer === 'KREIS' ? 'KREIS' : 'CITY',
              }
            : null,
      };
    }
  }
}
