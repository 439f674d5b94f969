import { INITIAL_RULES_OF_PROCEDURE, rulesInForce } from '../src/domain/rules-of-procedure';

describe('the rules of procedure in force (pure rule)', () => {
  it('are the initial text as version 0 until a version is registered', () => {
    expect(rulesInForce(null)).toEqual({
      version: 0,
      text: INITIAL_RULES_OF_PROCEDURE.text,
      abstentionRule: 'DOES_NOT_BLOCK',
      adoptedByResolutionId: null,
      validFrom: new Date(0),
    });
  });

  it('are the latest version once there is one', () => {
    const adopted = {
      version: 2,
      text: 'Neue Geschäftsordnung',
      abstentionRule: 'COUNTS_AS_DISSENT' as const,
      adoptedByResolutionId: 'r-1',
      validFrom: new Date('2026-01-15T10:00:00Z'),
    };
    expect(rulesInForce(adopted)).toBe(adopted);
  });
});
