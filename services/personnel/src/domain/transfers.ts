import { Conflict, RuleViolation } from '@jobcenter/kernel';
import { checkAssignment, type Employer, type StaffFunction } from './functions';

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
