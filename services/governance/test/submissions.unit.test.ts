import { Conflict, NotFound, RuleViolation } from '@jobcenter/subgraph-server';
import { checkProposedTargetAgreement, requireWrittenByHand } from '../src/domain/submissions';
import { seriesNumber, yearInGermany } from '../src/domain/references';

describe('submissions and their numbers (pure rules)', () => {
  it('leaves leadership consultations to the events of personnel', () => {
    expect(() => requireWrittenByHand('GENERAL')).not.toThrow();
    expect(() => requireWrittenByHand('LEADERSHIP_CONSULTATION')).toThrow(RuleViolation);
  });

  it('proposes a draft target agreement in one submission only', () => {
    expect(() => checkProposedTargetAgreement('ta-1', 'DRAFT', null)).not.toThrow();
    for (const status of [null, 'CONCLUDED'] as const) {
      expect(() => checkProposedTargetAgreement('ta-1', status, null)).toThrow(
        new NotFound('There is no draft target agreement ta-1', 'proposal.targetAgreementId'),
      );
    }
    expect(() => checkProposedTargetAgreement('ta-1', 'DRAFT', 'VL-2026-004')).toThrow(
      new Conflict(
        'Submission VL-2026-004 already proposes this target agreement',
        'proposal.targetAgreementId',
      ),
    );
    expect(() => checkProposedTargetAgreement('ta-1', 'DRAFT', 'VL-2026-004')).toThrow(Conflict);
  });

  it('numbers by the year in Recklinghausen, three digits at least', () => {
    // 23:30 UTC on New Year's Eve is already the new year in Germany.
    expect(yearInGermany(new Date('2025-12-31T23:30:00Z'))).toBe(2026);
    expect(yearInGermany(new Date('2025-12-31T22:30:00Z'))).toBe(2025);
    expect(seriesNumber('VL', 2026, 7)).toBe('VL-2026-007');
    expect(seriesNumber('B', 2026, 1234)).toBe('B-2026-1234');
  });
});
