import { Conflict, DEPARTMENT_ID, RuleViolation } from '@jobcenter/kernel';
import { checkCandidate, type Candidate, type PostState } from './posts';

/**
 * Leadership appointments (docs/rules.md#rule-12): the head of the Fachbereich and the heads of the
 * Bezirksstellen are appointed in consultation with the board (im Benehmen). An appointment is
 * PENDING from its proposal until the board's resolution on it is adopted; then it is COMPLETED
 * and the post filled. Until then the post stays unfilled. HR may withdraw a pending one; one whose
 * candidate can no longer take the post when the board has decided (left, changed employer) is
 * FAILED, with the reason.
 */
export type AppointmentStatus = 'PENDING' | 'COMPLETED' | 'WITHDRAWN' | 'FAILED';
export type LeadershipPosition = 'HEAD_OF_DEPARTMENT' | 'HEAD_OF_DISTRICT_OFFICE';

export function positionOf(post: PostState): {
  position: LeadershipPosition;
  districtId: string | null;
} {
  if (post.function !== 'LEADERSHIP') {
    throw new RuleViolation(
      `post ${post.id} is not a leadership post; other posts are filled directly`,
      'postId',
    );
  }
  return post.unitId === DEPARTMENT_ID
    ? { position: 'HEAD_OF_DEPARTMENT', districtId: null }
    : { position: 'HEAD_OF_DISTRICT_OFFICE', districtId: post.unitId };
}

export function checkProposable(post: PostState): void {
  if (post.status === 'FILLED') throw new Conflict(`post ${post.id} is already filled`, 'postId');
  if (post.pendingAppointment) {
    throw new Conflict(
      `post ${post.id} already has an appointment awaiting the board's consultation`,
      'postId',
    );
  }
  if (post.status !== 'ADVERTISED') {
    throw new RuleViolation(
      `post ${post.id} has not been advertised: every post is advertised county-wide before it is filled`,
      'postId',
    );
  }
}

/** A candidate is the candidate of one pending appointment at a time. */
export function checkNoOtherCandidacy(candidateId: string, pendingId: string | null): void {
  if (pendingId !== null) {
    throw new Conflict(
      `employee ${candidateId} is already the candidate of pending appointment ${pendingId}`,
      'candidateId',
    );
  }
}

/** A withdrawal needs a reason (at least 3 characters, without the spaces around it). */
export function parseWithdrawalReason(reason: string): string {
  const why = reason.trim();
  if (why.length < 3) throw new RuleViolation('a withdrawal needs a reason', 'reason');
  return why;
}

/** Only a pending appointment is withdrawn. */
export function checkWithdrawable(appointment: { id: string; status: AppointmentStatus }): void {
  if (appointment.status !== 'PENDING') {
    throw new Conflict(
      `appointment ${appointment.id} is ${appointment.status.toLowerCase()}`,
      'appointmentId',
    );
  }
}

/** The board's resolution must consult on the appointment's position and district. */
export function checkResolutionConsultsOn(
  appointment: { id: string; position: LeadershipPosition; districtId: string | null },
  resolution: { number: string; position: LeadershipPosition; districtId: string | null },
): void {
  if (
    appointment.position !== resolution.position ||
    appointment.districtId !== resolution.districtId
  ) {
    throw new RuleViolation(
      `resolution ${resolution.number} consults on ${resolution.position} ${resolution.districtId ?? ''}, appointment ${appointment.id} is ${appointment.position} ${appointment.districtId ?? ''}`,
      'proposal',
    );
  }
}

/**
 * How a pending appointment ends once the board has decided: COMPLETED when the candidate can
 * still take the post (employed, by its employer), else FAILED with the reason.
 */
export function appointmentOutcome(
  post: PostState,
  candidate: Candidate,
): { status: 'COMPLETED'; reason: null } | { status: 'FAILED'; reason: string } {
  try {
    checkCandidate(post, candidate, 'candidateId');
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error;
    return { status: 'FAILED', reason: error.message };
  }
  return { status: 'COMPLETED', reason: null };
}
