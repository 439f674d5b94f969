import { Conflict, Forbidden, RuleViolation } from '@jobcenter/subgraph-server';
import {
  checkChairDecision,
  checkVote,
  statusAfterVotes,
  type AbstentionRule,
  type PresentSeat,
  type Vote,
} from '../src/domain/decision';

const CHAIR: PresentSeat = { seatId: 'chair', role: 'CHAIR' };
const DEPUTY: PresentSeat = { seatId: 'deputy', role: 'DEPUTY_CHAIR' };
const SMALL: PresentSeat = { seatId: 'small', role: 'CITY_REPRESENTATIVE' };
const MEDIUM: PresentSeat = { seatId: 'medium', role: 'CITY_REPRESENTATIVE' };
const LARGE: PresentSeat = { seatId: 'large', role: 'CITY_REPRESENTATIVE' };
const FULL_BOARD = [CHAIR, DEPUTY, SMALL, MEDIUM, LARGE];

const statusOf = (
  votes: Vote[],
  seats = FULL_BOARD,
  abstentionRule: AbstentionRule = 'DOES_NOT_BLOCK',
) =>
  statusAfterVotes({
    presentSeats: seats,
    votes: new Map(votes.map((vote, index) => [seats[index]!.seatId, vote])),
    abstentionRule,
  });

/** Every combination of votes of `n` seats. */
function allVotes(n: number): Vote[][] {
  if (n === 0) return [[]];
  return allVotes(n - 1).flatMap((rest) =>
    (['AGREE', 'DISAGREE', 'ABSTAIN'] as Vote[]).map((vote) => [vote, ...rest]),
  );
}

describe('board decisions: consensus, dissent, the chair decides', () => {
  it('adopts by consensus when every present member agrees', () => {
    expect(statusOf(['AGREE', 'AGREE', 'AGREE', 'AGREE', 'AGREE'])).toBe('ADOPTED_BY_CONSENSUS');
  });

  it('treats a 4:1 vote as dissent, not as a majority win', () => {
    expect(statusOf(['AGREE', 'AGREE', 'AGREE', 'AGREE', 'DISAGREE'])).toBe('DISSENT');
  });

  it('treats a 1:4 vote as dissent as well: the chair decides either way', () => {
    expect(statusOf(['AGREE', 'DISAGREE', 'DISAGREE', 'DISAGREE', 'DISAGREE'])).toBe('DISSENT');
  });

  it('stays open while a present member has not voted', () => {
    expect(statusOf(['AGREE', 'AGREE', 'AGREE', 'AGREE'])).toBe('VOTING');
  });

  it('decides over the present members only: an absent member does not block consensus', () => {
    expect(statusOf(['AGREE', 'AGREE', 'AGREE'], [CHAIR, SMALL, LARGE])).toBe(
      'ADOPTED_BY_CONSENSUS',
    );
  });

  it('lets abstentions pass by default, but not when everyone abstains', () => {
    expect(statusOf(['AGREE', 'ABSTAIN', 'AGREE', 'AGREE', 'ABSTAIN'])).toBe(
      'ADOPTED_BY_CONSENSUS',
    );
    expect(statusOf(['ABSTAIN', 'ABSTAIN', 'ABSTAIN', 'ABSTAIN', 'ABSTAIN'])).toBe('DISSENT');
  });

  it('counts an abstention as dissent when the rules of procedure say so', () => {
    expect(
      statusOf(['AGREE', 'ABSTAIN', 'AGREE', 'AGREE', 'AGREE'], FULL_BOARD, 'COUNTS_AS_DISSENT'),
    ).toBe('DISSENT');
  });

  it.each<AbstentionRule>(['DOES_NOT_BLOCK', 'COUNTS_AS_DISSENT'])(
    'agrees with the definition for all 243 vote combinations (%s)',
    (rule) => {
      for (const votes of allVotes(5)) {
        const objection = votes.includes('DISAGREE');
        const agreed = votes.includes('AGREE');
        const abstained = votes.includes('ABSTAIN');
        const consensus = !objection && agreed && (rule === 'DOES_NOT_BLOCK' || !abstained);
        expect([votes.join(','), statusOf(votes, FULL_BOARD, rule)]).toEqual([
          votes.join(','),
          consensus ? 'ADOPTED_BY_CONSENSUS' : 'DISSENT',
        ]);
      }
    },
  );
});

describe('who may vote', () => {
  const state = (votes: [string, Vote][] = []) => ({
    presentSeats: [CHAIR, SMALL],
    votes: new Map(votes),
    abstentionRule: 'DOES_NOT_BLOCK' as const,
    status: 'VOTING' as const,
  });

  it('refuses a seat that is not present (a guest, an absent member)', () => {
    expect(() => checkVote(state(), 'large')).toThrow(RuleViolation);
  });

  it('refuses a second vote of the same seat', () => {
    expect(() => checkVote(state([['small', 'AGREE']]), 'small')).toThrow(Conflict);
  });

  it('refuses votes once the vote is over', () => {
    expect(() => checkVote({ ...state(), status: 'DISSENT' }, 'small')).toThrow(
      /Voting on this resolution has ended/,
    );
  });
});

describe('who decides on dissent', () => {
  it('is the chair when present', () => {
    expect(() => checkChairDecision('DISSENT', FULL_BOARD, 'chair')).not.toThrow();
    expect(() => checkChairDecision('DISSENT', FULL_BOARD, 'deputy')).toThrow(
      'On dissent the chair decides',
    );
    expect(() => checkChairDecision('DISSENT', FULL_BOARD, 'small')).toThrow(Forbidden);
  });

  it('is the deputy chair when the chair is absent', () => {
    const withoutChair = [DEPUTY, SMALL, MEDIUM, LARGE];
    expect(() => checkChairDecision('DISSENT', withoutChair, 'deputy')).not.toThrow();
    expect(() => checkChairDecision('DISSENT', withoutChair, 'small')).toThrow(
      /the chair is absent, so the deputy chair decides/,
    );
  });

  it('is nobody when neither attended', () => {
    expect(() => checkChairDecision('DISSENT', [SMALL, MEDIUM], 'small')).toThrow(
      /Neither the chair nor the deputy chair/,
    );
  });

  it('happens only on dissent', () => {
    expect(() => checkChairDecision('VOTING', FULL_BOARD, 'chair')).toThrow(
      /vote is not complete yet/,
    );
    expect(() => checkChairDecision('ADOPTED_BY_CONSENSUS', FULL_BOARD, 'chair')).toThrow(Conflict);
    expect(() => checkChairDecision('REJECTED_BY_CHAIR', FULL_BOARD, 'chair')).toThrow(
      /only on dissent/,
    );
  });
});
