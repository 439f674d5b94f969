import { Conflict, RuleViolation } from '@jobcenter/subgraph-server';
import {
  checkEndOfEmployment,
  parseEmployeeName,
  parsePersonnelNumber,
} from '../src/domain/employees';
import {
  checkAdvertisementPeriod,
  checkHoldsNoOtherPost,
  checkVacatable,
  postReference,
} from '../src/domain/posts';
import {
  appointmentOutcome,
  checkNoOtherCandidacy,
  checkResolutionConsultsOn,
  checkWithdrawable,
  parseWithdrawalReason,
} from '../src/domain/appointments';
import { parseTransferGroupReport } from '../src/domain/transfers';
import {
  districtRequirement,
  gapChanged,
  type PublishedGap,
  type StaffingKey,
} from '../src/domain/staffing';
import { employee, post } from './support/fixtures';
import { refusal } from './support/refusal';

describe('employees', () => {
  it('takes a name of 2 to 200 characters and a personnel number of letters, digits and dashes', () => {
    expect(parseEmployeeName('  Erika Musterfrau ')).toBe('Erika Musterfrau');
    expect(refusal(() => parseEmployeeName(' E '))).toEqual({
      type: RuleViolation,
      message: 'a name has 2 to 200 characters',
      field: 'name',
    });
    expect(parsePersonnelNumber(' K-1001 ')).toBe('K-1001');
    expect(refusal(() => parsePersonnelNumber('K 1001'))).toEqual({
      type: RuleViolation,
      message: 'a personnel number has 2 to 40 letters, digits or dashes',
      field: 'personnelNumber',
    });
  });

  it('ends an employment on or after its first day', () => {
    expect(() => checkEndOfEmployment('2025-03-01', '2025-03-01')).not.toThrow();
    expect(refusal(() => checkEndOfEmployment('2025-03-01', '2025-02-28'))).toEqual({
      type: RuleViolation,
      message: 'the employment began on 2025-03-01; it cannot end before',
      field: 'endDate',
    });
  });
});

describe('posts', () => {
  it('numbers a unit’s posts in order, with the unit’s code', () => {
    expect(postReference('marl', 0)).toBe('ST-MARL-0001');
    expect(postReference('fachbereich-jobcenter', 41)).toBe('ST-FB-0042');
    expect(postReference('datteln', 9998)).toBe('ST-DATTEL-9999');
  });

  it('closes an advertisement on or after the day it is published', () => {
    expect(() => checkAdvertisementPeriod('2026-01-05', '2026-01-05')).not.toThrow();
    expect(refusal(() => checkAdvertisementPeriod('2026-01-05', '2026-01-04'))).toEqual({
      type: RuleViolation,
      message: 'an advertisement closes after it is published',
      field: 'closesOn',
    });
  });

  it('gives an employee one post at a time and vacates only a filled post', () => {
    expect(() => checkHoldsNoOtherPost('e1', null)).not.toThrow();
    expect(refusal(() => checkHoldsNoOtherPost('e1', 'ST-MARL-0003'))).toEqual({
      type: RuleViolation,
      message: 'employee e1 already holds post ST-MARL-0003; vacate it first',
      field: 'employeeId',
    });
    expect(() => checkVacatable({ reference: 'ST-MARL-0003', status: 'FILLED' })).not.toThrow();
    expect(
      refusal(() => checkVacatable({ reference: 'ST-MARL-0003', status: 'ADVERTISED' })),
    ).toEqual({ type: RuleViolation, message: 'post ST-MARL-0003 is not filled', field: 'postId' });
  });
});

describe('leadership appointments (rule 12)', () => {
  const head = post({ function: 'LEADERSHIP', pendingAppointment: true });
  const candidate = employee();

  it('completes when the candidate can still take the post, else fails with the reason', () => {
    expect(appointmentOutcome(head, candidate)).toEqual({ status: 'COMPLETED', reason: null });
    expect(appointmentOutcome(head, { ...candidate, active: false })).toEqual({
      status: 'FAILED',
      reason: 'employee e1 is not employed (any more)',
    });
    expect(appointmentOutcome(head, { ...candidate, employer: 'KREIS' })).toEqual({
      status: 'FAILED',
      reason: 'post p1 is a post of marl; employee e1 is employed by KREIS',
    });
  });

  it('takes the resolution that consults on the appointment’s position and district only', () => {
    const appointment = {
      id: 'a1',
      position: 'HEAD_OF_DISTRICT_OFFICE' as const,
      districtId: 'marl',
    };
    expect(() =>
      checkResolutionConsultsOn(appointment, {
        number: 'V-2026-7',
        position: 'HEAD_OF_DISTRICT_OFFICE',
        districtId: 'marl',
      }),
    ).not.toThrow();
    expect(
      refusal(() =>
        checkResolutionConsultsOn(appointment, {
          number: 'V-2026-7',
          position: 'HEAD_OF_DEPARTMENT',
          districtId: null,
        }),
      ),
    ).toEqual({
      type: RuleViolation,
      message:
        'resolution V-2026-7 consults on HEAD_OF_DEPARTMENT , appointment a1 is HEAD_OF_DISTRICT_OFFICE marl',
      field: 'proposal',
    });
  });

  it('has one pending candidacy per employee and withdraws only a pending appointment, with a reason', () => {
    expect(() => checkNoOtherCandidacy('e1', null)).not.toThrow();
    expect(refusal(() => checkNoOtherCandidacy('e1', 'a0'))).toEqual({
      type: Conflict,
      message: 'employee e1 is already the candidate of pending appointment a0',
      field: 'candidateId',
    });
    expect(() => checkWithdrawable({ id: 'a1', status: 'PENDING' })).not.toThrow();
    expect(refusal(() => checkWithdrawable({ id: 'a1', status: 'COMPLETED' }))).toEqual({
      type: Conflict,
      message: 'appointment a1 is completed',
      field: 'appointmentId',
    });
    expect(parseWithdrawalReason(' Absage ')).toBe('Absage');
    expect(refusal(() => parseWithdrawalReason('  no'))).toEqual({
      type: RuleViolation,
      message: 'a withdrawal needs a reason',
      field: 'reason',
    });
  });
});

describe('the transfer group’s report (rule 10)', () => {
  it('has a title of 3 to 200 and a text of 10 to 20,000 characters, trimmed', () => {
    expect(
      parseTransferGroupReport({ title: ' Bericht ', text: ' Zwölf Überleitungen. ' }),
    ).toEqual({ title: 'Bericht', text: 'Zwölf Überleitungen.' });
    expect(refusal(() => parseTransferGroupReport({ title: 'Be', text: 'x'.repeat(10) }))).toEqual({
      type: RuleViolation,
      message: 'a title has 3 to 200 characters',
      field: 'title',
    });
    expect(refusal(() => parseTransferGroupReport({ title: 'Bericht', text: 'zu kurz' }))).toEqual({
      type: RuleViolation,
      message: 'a report has 10 to 20,000 characters',
      field: 'text',
    });
  });
});

describe('staffing gaps (rule 13)', () => {
  const key: StaffingKey = {
    householdsPerBenefitsPost: 140,
    jobseekersPerIntegrationPost: 150,
    jobseekersUnder25PerIntegrationPost: 75,
    validFrom: '2026-01-01',
    resolutionId: 'r1',
  };
  const caseload = {
    month: '2026-09',
    benefitHouseholds: 2800,
    eligibleJobseekers: 3750,
    eligibleJobseekersUnder25: 750,
  };
  const requirement = districtRequirement(key, caseload, { benefits: 18_500, integration: 31_000 });
  const published: PublishedGap = {
    caseloadMonth: '2026-09',
    keyResolutionId: 'r1',
    benefitsRequired: 20_000,
    benefitsHeld: 18_500,
    integrationRequired: 30_000,
    integrationHeld: 31_000,
  };

  it('compares the required with the held FTE of each casework', () => {
    expect(requirement).toEqual({
      caseload,
      key,
      benefits: { requiredFte: 20_000, heldFte: 18_500, gapFte: 1_500 },
      integration: { requiredFte: 30_000, heldFte: 31_000, gapFte: -1_000 },
    });
  });

  it('is news when nothing was published or any of its figures, its month or its key changed', () => {
    expect(gapChanged(published, requirement)).toBe(false);
    expect(gapChanged(undefined, requirement)).toBe(true);
    expect(gapChanged({ ...published, caseloadMonth: '2026-08' }, requirement)).toBe(true);
    expect(gapChanged({ ...published, keyResolutionId: null }, requirement)).toBe(true);
    expect(gapChanged({ ...published, benefitsHeld: 19_000 }, requirement)).toBe(true);
    expect(gapChanged({ ...published, integrationRequired: 29_999 }, requirement)).toBe(true);
  });
});
