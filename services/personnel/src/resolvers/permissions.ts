import {
  forbidden,
  hasRole,
  requirePrincipal,
  requireRole,
  type Principal,
  type Role,
} from '@jobcenter/auth';
import type { Employer } from '../domain/functions';
import type { ConsentParty } from '../domain/transfers';
import type { WriteCheck } from '../application/records';
import type { TransferRecord } from '../application/transfers';

/** Who reads employees and posts (not necessarily names): HR, the board, county staff, staff council. */
const READ_STAFF: Role[] = [
  'county_hr',
  'city_hr',
  'board_member',
  'board_chair',
  'board_office',
  'county_staff',
  'staff_council',
];

export const canReadStaff = (principal: Principal | null) =>
  requireRole(principal, READ_STAFF, 'Reading employees and posts');

export const mayReadStaff = (principal: Principal | null): boolean =>
  Boolean(principal && hasRole(principal, ...READ_STAFF));

/**
 * Names are personal data: county HR, the HR of the employing city and the board's members (chair
 * included) see them; nobody else, and no event carries them beyond the board's paperwork.
 */
export function maySeeName(principal: Principal | null, employer: Employer): boolean {
  if (!principal) return false;
  if (hasRole(principal, 'county_hr', 'board_member', 'board_chair')) return true;
  return hasRole(principal, 'city_hr') && principal.city === employer;
}

/**
 * Writes to employees and posts: county HR writes the Kreis's, a city's HR its own city's; no one
 * writes another employer's staff.
 */
export function staffWriter(principal: Principal | null, action: string): WriteCheck {
  const caller = requireRole(principal, ['county_hr', 'city_hr'], action);
  return (employer) => {
    if (employer === 'KREIS') {
      if (!hasRole(caller, 'county_hr')) {
        throw forbidden(`${action}: staff of the Kreis are written by county HR`);
      }
      return;
    }
    if (!hasRole(caller, 'city_hr') || caller.city !== employer) {
      throw forbidden(
        `${action}: staff of ${employer} are written by the HR of ${employer}${caller.city ? `, not of ${caller.city}` : ''}`,
      );
    }
  };
}

/** County HR runs transfers. */
export const canRunTransfers = (principal: Principal | null) =>
  requireRole(principal, ['county_hr'], 'Running transfers');

/** Who may record which party's answer to a voluntary transfer. */
export function consentRecorder(
  principal: Principal | null,
  party: ConsentParty,
): (transfer: TransferRecord) => void {
  const caller = requirePrincipal(principal);
  return (transfer) => {
    const cityHr = hasRole(caller, 'city_hr') && caller.city === transfer.city;
    const countyHr = hasRole(caller, 'county_hr');
    const allowed = party === 'KREIS' ? countyHr : party === 'CITY' ? cityHr : countyHr || cityHr;
    if (!allowed) {
      const who =
        party === 'KREIS'
          ? 'county HR'
          : party === 'CITY'
            ? `the HR of ${transfer.city}`
            : `county HR or the HR of ${transfer.city}`;
      throw forbidden(`The ${party.toLowerCase()}'s answer to this transfer is recorded by ${who}`);
    }
  };
}

/** Transfers are read by HR, the staff council (the transfer group) and the board. */
export const canReadTransfers = (principal: Principal | null) =>
  requireRole(
    principal,
    ['county_hr', 'city_hr', 'staff_council', 'board_member', 'board_chair', 'board_office'],
    'Reading transfers',
  );

export const canReportAsTransferGroup = (principal: Principal | null) =>
  requireRole(principal, ['staff_council'], 'Reporting as the transfer group');

/** Appointments are read by HR and the board. */
const READ_APPOINTMENTS: Role[] = [
  'county_hr',
  'city_hr',
  'board_member',
  'board_chair',
  'board_office',
];

export const canReadAppointments = (principal: Principal | null) =>
  requireRole(principal, READ_APPOINTMENTS, 'Reading appointments');

export const mayReadAppointments = (principal: Principal | null): boolean =>
  Boolean(principal && hasRole(principal, ...READ_APPOINTMENTS));

/** Counts and the staffing requirement: every signed-in role. */
export const canReadCounts = (principal: Principal | null) => requirePrincipal(principal);
