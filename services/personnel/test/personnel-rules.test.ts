import { RuleViolation, Conflict } from '@jobcenter/subgraph-server';
import { checkAssignment } from '../src/domain/functions';
import { parseFte } from '../src/domain/fte';
import { checkAdvertisementScope, checkFillable, type PostState } from '../src/domain/posts';
import { answer, checkVoluntaryTransfer } from '../src/domain/transfers';
import { checkProposable, positionOf } from '../src/domain/appointments';

const post = (overrides: Partial<PostState> = {}): PostState => ({
  id: 'p1',
  unitId: 'marl',
  function: 'BENEFITS_CASEWORK',
  employerSide: 'CITY',
  status: 'VACANT',
  pendingAppointment: false,
  ...overrides,
});

describe('who works where (DOMAIN rules 7 and 8)', () => {
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

describe('advertising (DOMAIN rule 11)', () => {
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
  const marlEmployee = { id: 'e1', employer: 'marl' as const, active: true };

  it('fills a city post with that city’s employee only', () => {
    expect(() => checkFillable(post(), marlEmployee)).not.toThrow();
    expect(() => checkFillable(post({ employerSide: 'KREIS' }), marlEmployee)).toThrow(
      /post of KREIS/,
    );
    expect(() => checkFillable(post({ unitId: 'herten' }), marlEmployee)).toThrow(/post of herten/);
  });

  it('refuses a filled post and a former employee', () => {
    expect(() => checkFillable(post({ status: 'FILLED' }), marlEmployee)).toThrow(Conflict);
    expect(() => checkFillable(post(), { ...marlEmployee, active: false })).toThrow(/not employed/);
  });
});

describe('leadership appointments (DOMAIN rule 12)', () => {
  const leadership = post({ function: 'LEADERSHIP' });

  it('never fills a leadership post directly, only when its appointment completes', () => {
    const candidate = { id: 'e1', employer: 'marl' as const, active: true };
    expect(() => checkFillable(leadership, candidate)).toThrow(/in consultation with the board/);
    expect(() =>
      checkFillable({ ...leadership, pendingAppointment: true }, candidate, {
        viaAppointment: true,
      }),
    ).not.toThrow();
  });

  it('keeps a post with a pending appointment unfilled and refuses a second proposal', () => {
    const pending = post({ pendingAppointment: true });
    expect(() => checkFillable(pending, { id: 'e1', employer: 'marl', active: true })).toThrow(
      /awaits the board's consultation/,
    );
    expect(() => checkProposable({ ...leadership, pendingAppointment: true })).toThrow(Conflict);
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

describe('voluntary transfers need all three (DOMAIN rule 9)', () => {
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
