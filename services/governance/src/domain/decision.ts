import { Conflict, Forbidden, RuleViolation } from '@jobcenter/kernel';

/**
 * How the board decides (docs/rules.md#rule-2): it seeks consensus. Consensus means every present voting
 * member (or the substitute standing in) agrees; anything less is dissent (Dissens), also a 4:1
 * vote: there is no majority win. On dissent the chair decides, or the deputy chair when the chair
 * is absent. Until then the resolution is open.
 */
export type Vote = 'AGREE' | 'DISAGREE' | 'ABSTAIN';

/**
 * How an abstention counts, a setting of the rules of procedure. Default `DOES_NOT_BLOCK`:
 * consensus is the absence of objection, so abstentions do not break it as long as someone
 * agrees. `COUNTS_AS_DISSENT`: only unanimous agreement is consensus.
 */
export type AbstentionRule = 'DOES_NOT_BLOCK' | 'COUNTS_AS_DISSENT';
export const DEFAULT_ABSTENTION_RULE: AbstentionRule = 'DOES_NOT_BLOCK';

export type ResolutionStatus =
  'VOTING' | 'DISSENT' | 'ADOPTED_BY_CONSENSUS' | 'ADOPTED_BY_CHAIR' | 'REJECTED_BY_CHAIR';

export type SeatRole = 'CHAIR' | 'DEPUTY_CHAIR' | 'CITY_REPRESENTATIVE';

/** A seat present at the meeting: held by its member or by the substitute standing in. */
export interface PresentSeat {
  seatId: string;
  role: SeatRole;
}

export interface VotingState {
  presentSeats: readonly PresentSeat[];
  votes: ReadonlyMap<string, Vote>;
  abstentionRule: AbstentionRule;
}

/** The status after the votes so far: voting until every present seat has voted. */
export function statusAfterVotes(state: VotingState): ResolutionStatus {
  if (state.presentSeats.length === 0) return 'VOTING';
  if (state.presentSeats.some((seat) => !state.votes.has(seat.seatId))) return 'VOTING';
  const votes = state.presentSeats.map((seat) => state.votes.get(seat.seatId)!);
  const objection = votes.includes('DISAGREE');
  const abstained = votes.includes('ABSTAIN');
  const agreed = votes.includes('AGREE');
  if (objection || !agreed) return 'DISSENT';
  if (abstained && state.abstentionRule === 'COUNTS_AS_DISSENT') return 'DISSENT';
  return 'ADOPTED_BY_CONSENSUS';
}

/** Checks a vote before it is recorded; the seat must be present, voting, and not have voted. */
export function checkVote(state: VotingState & { status: ResolutionStatus }, seatId: string): void {
  if (state.status !== 'VOTING') {
    throw new Conflict(`Voting on this resolution has ended (${state.status})`, 'resolutionId');
  }
  if (!state.presentSeats.some((seat) => seat.seatId === seatId)) {
    throw new RuleViolation(
      'Only members present at the meeting (or the substitutes standing in for them) vote; guests of the staff council do not',
      'seatId',
    );
  }
  if (state.votes.has(seatId))
    throw new Conflict('This seat has already voted on this resolution', 'seatId');
}

/**
 * Who decides on dissent: the chair when present, otherwise the deputy chair. Returns the role;
 * throws when the seat deciding is not the one.
 */
export function checkChairDecision(
  status: ResolutionStatus,
  presentSeats: readonly PresentSeat[],
  decidingSeatId: string,
): void {
  if (status !== 'DISSENT') {
    throw new Conflict(
      status === 'VOTING'
        ? 'The chair decides only on dissent, and the vote is not complete yet'
        : `The chair decides only on dissent; this resolution is ${status}`,
      'resolutionId',
    );
  }
  const chairPresent = presentSeats.some((seat) => seat.role === 'CHAIR');
  if (!chairPresent && !presentSeats.some((seat) => seat.role === 'DEPUTY_CHAIR')) {
    throw new Conflict(
      'Neither the chair nor the deputy chair attended this meeting, so nobody can decide the dissent',
      'resolutionId',
    );
  }
  const deciderRole: SeatRole = chairPresent ? 'CHAIR' : 'DEPUTY_CHAIR';
  const decider = presentSeats.find((seat) => seat.seatId === decidingSeatId);
  if (decider?.role !== deciderRole) {
    throw new Forbidden(
      chairPresent
        ? 'On dissent the chair decides'
        : 'On dissent the chair decides; the chair is absent, so the deputy chair decides',
      'seatId',
    );
  }
}

export const isAdopted = (status: ResolutionStatus) =>
  status === 'ADOPTED_BY_CONSENSUS' || status === 'ADOPTED_BY_CHAIR';

/**
 * The seat a person votes with: the one they attended the meeting with, as member or as the
 * substitute standing in.
 */
export function seatOfVoter<Seat extends PresentSeat & { personId: string }>(
  presentSeats: readonly Seat[],
  personId: string,
): Seat {
  const seat = presentSeats.find((candidate) => candidate.personId === personId);
  if (!seat) {
    throw new RuleViolation(
      'Only members present at the meeting (or the substitutes standing in for them) vote; you did not attend with a voting seat',
      'resolutionId',
    );
  }
  return seat;
}

/** When a resolution of this status was decided: at `at` once adopted or rejected, else not yet. */
export const decidedAt = (status: ResolutionStatus, at: Date): Date | null =>
  status !== 'VOTING' && status !== 'DISSENT' ? at : null;

/** How an adopted resolution was adopted, as its event says. */
export const adoptedBy = (status: ResolutionStatus): 'CONSENSUS' | 'CHAIR_DECISION' =>
  status === 'ADOPTED_BY_CONSENSUS' ? 'CONSENSUS' : 'CHAIR_DECISION';
