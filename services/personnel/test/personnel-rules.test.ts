import { RuleViolation, Conflict } from '@jobcenter/subgraph-server';
import { checkAssignment } from '../src/domain/functions';
import { parseFte } from '../src/domain/fte';
import { checkAdvertisementScope, checkFillable } from '../src/domain/posts';
import { parseCalendarDate as parseDate } from '@jobcenter/subgraph-server';
import { answer, checkVoluntaryTransfer } from '../src/domain/transfers';
import { checkProposable, positionOf } from '../src/domain/appointments';
import { employee, post } from './support/fixtures';

describe('who works where (rules 7 and 8)', () => {
  it('lets a city’s staff do casework in its own Bezirksstelle', () => {
    expect(() => checkAssignment('marl', 'marl', 'BENEFITS_CASEWORK')).not.toThrow();
    expect(() => checkAssignment('marl', 'marl', 'INTEGRATION_CASEWORK')).not.toThrow();
  });

  it('keeps the central tasks with Kreis staff', () => {
    expect(() => checkAssignment('marl', 'marl', 'DEBT_COLLECTION')).toThrow(
      /central task of the Kreis/,
    );
    expect(() =>
      checkAssignment('KREIS', 'fachbereich-jobcenter', 'DEBT_COLLECTION'),
    ).not.toThrow();
  });

  it('lets Kreis staff sit at a workplace in a Bezirksstelle, but not a city’s staff elsewhere', () => {
    expect(() => checkAssignment('KREIS', 'marl', 'EMPLOYER_SERVICE')).not.toThrow();
    expect(() => checkAssignment('marl', 'herten', 'BENEFITS_CASEWORK')).toThrow(
      /staff of marl work in the Bezirksstelle marl, not at herten/,
    );
    expect(() => checkAssignment('marl', 'fachbereich-jobcenter', 'BENEFITS_CASEWORK')).toThrow(
      RuleViolation,
    );
  });

  it('takes FTE above 0 and at most 1, to three decimals', () => {
    expect(parseFte(0.75, 'fte')).toBe(750);
    expect(parseFte(1, 'fte')).toBe(1000);
    expect(() => parseFte(0, 'fte')).toThrow(/greater than 0/);
    expect(() => parseFte(1.2, 'fte')).toThrow(/at most 1/);
    expect(() => parseFte(0.3333, 'fte')).toThrow(/three decimals/);
  });
});

describe('advertising (rule 11)', () => {
  it('accepts county-wide and refuses every narrower scope by name', () => {
    expect(() => checkAdvertisementScope('COUNTY_WIDE')).not.toThrow();
    for (const scope of ['EMPLOYER_INTERNAL', 'CITY_INTERNAL', 'UNIT_INTERNAL'] as const) {
      expect(() => checkAdvertisementScope(scope)).toThrow(
        new RegExp(`advertised county-wide.*${scope} is narrower`),
      );
    }
  });
});

describe('filling posts', () => {
  it('fills an advertised post with an employee of its employer, unit, function and FTE', () => {
    expect(() => checkFillable(post(), employee())).not.toThrow();
    expect(() => checkFillable(post({ fteMilli: 500 }), employee({ fteMilli: 500 }))).not.toThrow();
  });

  it('refuses a post that was never advertised county-wide (rule 11)', () => {
    expect(() => checkFillable(post({ status: 'VACANT' }), employee())).toThrow(
      /has not been advertised/,
    );
  });

  it('refuses an employee of another employer, unit or function, or with more FTE', () => {
    expect(() => checkFillable(post({ employerSide: 'KREIS' }), employee())).toThrow(
      /post of KREIS/,
    );
    expect(() =>
      checkFillable(post({ unitId: 'herten' }), employee({ workplace: 'herten' })),
    ).toThrow(/post of herten/);
    expect(() => checkFillable(post(), employee({ function: 'INTEGRATION_CASEWORK' }))).toThrow(
      /works in INTEGRATION_CASEWORK/,
    );
    expect(() =>
      checkFillable(
        post({ employerSide: 'KREIS' }),
        employee({ employer: 'KREIS', workplace: 'herten' }),
      ),
    ).toThrow(/at herten; the post is BENEFITS_CASEWORK at marl/);
    expect(() => checkFillable(post({ fteMilli: 500 }), employee())).toThrow(/more than the post/);
  });

  it('refuses a filled post and a former employee', () => {
    expect(() => checkFillable(post({ status: 'FILLED' }), employee())).toThrow(Conflict);
    expect(() => checkFillable(post(), employee({ active: false }))).toThrow(/not employed/);
  });
});

describe('leadership appointments (rule 12)', () => {
  const leadership = post({ function: 'LEADERSHIP' });

  it('never fills a leadership post directly, only when its appointment completes', () => {
    expect(() => checkFillable(leadership, employee())).toThrow(/in consultation with the board/);
    expect(() =>
      checkFillable({ ...leadership, pendingAppointment: true }, employee(), {
        viaAppointment: true,
      }),
    ).not.toThrow();
  });

  it('keeps a post with a pending appointment unfilled and refuses a second proposal', () => {
    expect(() => checkFillable(post({ pendingAppointment: true }), employee())).toThrow(
      /awaits the board's consultation/,
    );
    expect(() => checkProposable({ ...leadership, pendingAppointment: true })).toThrow(Conflict);
  });

  it('proposes only for an advertised post', () => {
    expect(() => checkProposable(leadership)).not.toThrow();
    expect(() => checkProposable({ ...leadership, status: 'VACANT' })).toThrow(
      /has not been advertised/,
    );
  });

  it('knows the position from the post', () => {
    expect(positionOf(leadership)).toEqual({
      position: 'HEAD_OF_DISTRICT_OFFICE',
      districtId: 'marl',
    });
    expect(positionOf(post({ function: 'LEADERSHIP', unitId: 'fachbereich-jobcenter' }))).toEqual({
      position: 'HEAD_OF_DEPARTMENT',
      districtId: null,
    });
    expect(() => positionOf(post())).toThrow(/not a leadership post/);
  });
});

describe('dates', () => {
  it('takes calendar dates only', () => {
    expect(parseDate('2024-02-29', 'startDate')).toBe('2024-02-29');
    expect(() => parseDate('2024-02-30', 'startDate')).toThrow(/not a calendar date/);
    expect(() => parseDate('2025-02-29', 'startDate')).toThrow(RuleViolation);
    expect(() => parseDate('1.1.2025', 'startDate')).toThrow(RuleViolation);
  });
});

describe('voluntary transfers need all three (rule 9)', () => {
  const open = { id: 't1', status: 'OPEN' as const, consents: {} };

  it('stays open until the employee, the city and the Kreis all agreed', () => {
    const afterEmployee = answer(open, 'EMPLOYEE', true);
    expect(afterEmployee.status).toBe('OPEN');
    const afterCity = answer({ ...open, ...afterEmployee }, 'CITY', true);
    expect(afterCity.status).toBe('OPEN');
    expect(answer({ ...open, ...afterCity }, 'KREIS', true).status).toBe('COMPLETED');
  });

  it('ends with any refusal, also the last one', () => {
    expect(answer(open, 'CITY', false).status).toBe('REFUSED');
    const twoAgreed = { ...open, consents: { EMPLOYEE: true, CITY: true } };
    expect(answer(twoAgreed, 'KREIS', false)).toEqual({
      status: 'REFUSED',
      consents: { EMPLOYEE: true, CITY: true, KREIS: false },
    });
  });

  it('takes each party’s answer once and none after the end', () => {
    expect(() => answer({ ...open, consents: { CITY: true } }, 'CITY', false)).toThrow(
      /already answered/,
    );
    expect(() => answer({ ...open, status: 'REFUSED' }, 'KREIS', true)).toThrow(/refused/);
  });

  it('moves between the Kreis and the city of the Bezirksstelle only', () => {
    const caseworker = {
      id: 'e1',
      employer: 'KREIS' as const,
      workplace: 'marl',
      function: 'BENEFITS_CASEWORK' as const,
    };
    expect(checkVoluntaryTransfer(caseworker, 'marl')).toEqual({ city: 'marl' });
    expect(() => checkVoluntaryTransfer(caseworker, 'herten')).toThrow(/Bezirksstelle herten/);
    expect(() => checkVoluntaryTransfer({ ...caseworker, employer: 'marl' }, 'herten')).toThrow(
      /not from one city to another/,
    );
    expect(() =>
      checkVoluntaryTransfer({ ...caseworker, function: 'INTERNAL_AUDIT' }, 'marl'),
    ).toThrow(/central task/);
  });
});
