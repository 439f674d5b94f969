import { Conflict, DEPARTMENT_ID, RuleViolation } from '@jobcenter/kernel';
import type { PostState } from './posts';

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
      `post ${post.id} has not been advertised: every post is advertised county-wide before it is filled (DOMAIN rule 11)`,
      'postId',
    );
  }
}
