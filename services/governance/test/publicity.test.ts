import { RuleViolation } from '@jobcenter/subgraph-server';
import { personIsPublic, submissionIsPublic } from '../src/domain/publicity';

describe('what the public reads of the board’s work', () => {
  it('keeps a leadership consultation non-public and refuses to publish it', () => {
    expect(submissionIsPublic('LEADERSHIP_CONSULTATION', null)).toBe(false);
    expect(submissionIsPublic('LEADERSHIP_CONSULTATION', false)).toBe(false);
    expect(() => submissionIsPublic('LEADERSHIP_CONSULTATION', true)).toThrow(RuleViolation);
  });

  it('publishes other submissions unless their author says otherwise', () => {
    expect(submissionIsPublic('STAFFING_KEY', null)).toBe(true);
    expect(submissionIsPublic('GENERAL', false)).toBe(false);
  });

  it('shows only the board’s public officials in their seats, never the staff council', () => {
    expect(personIsPublic('LANDRAT', true)).toBe(true);
    expect(personIsPublic('MAYOR', true)).toBe(true);
    expect(personIsPublic('MAYOR', false)).toBe(false);
    expect(personIsPublic('STAFF_COUNCIL_REPRESENTATIVE', true)).toBe(false);
    expect(personIsPublic('OTHER', true)).toBe(false);
  });
});
