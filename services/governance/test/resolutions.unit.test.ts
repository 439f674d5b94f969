import { RuleViolation } from '@jobcenter/subgraph-server';
import { adoptedBy, decidedAt, seatOfVoter } from '../src/domain/decision';

const PRESENT = [
  { seatId: 'chair', role: 'CHAIR' as const, personId: 'landrat' },
  { seatId: 'small-cities', role: 'CITY_REPRESENTATIVE' as const, personId: 'mayor-datteln' },
];

describe('resolutions: who votes, when decided, how adopted (pure rules)', () => {
  it('finds the seat a person attended with, the substitute standing in included', () => {
    expect(seatOfVoter(PRESENT, 'mayor-datteln').seatId).toBe('small-cities');
    expect(() => seatOfVoter(PRESENT, 'dezernent-datteln')).toThrow(
      new RuleViolation(
        'Only members present at the meeting (or the substitutes standing in for them) vote; you did not attend with a voting seat',
        'resolutionId',
      ),
    );
  });

  it('dates the decision once a resolution is adopted or rejected', () => {
    const at = new Date('2026-03-10T10:00:00Z');
    expect(decidedAt('VOTING', at)).toBeNull();
    expect(decidedAt('DISSENT', at)).toBeNull();
    for (const status of ['ADOPTED_BY_CONSENSUS', 'ADOPTED_BY_CHAIR', 'REJECTED_BY_CHAIR'] as const)
      expect(decidedAt(status, at)).toBe(at);
  });

  it('says how an adopted resolution was adopted', () => {
    expect(adoptedBy('ADOPTED_BY_CONSENSUS')).toBe('CONSENSUS');
    expect(adoptedBy('ADOPTED_BY_CHAIR')).toBe('CHAIR_DECISION');
  });
});
