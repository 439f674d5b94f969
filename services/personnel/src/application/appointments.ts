import { randomUUID } from 'node:crypto';
import type { Outbox } from '@jobcenter/events';
import type { DataSource, EntityManager } from 'typeorm';
import { NotFound, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import { checkCandidate, employerOfPost } from '../domain/posts';
import {
  appointmentOutcome,
  checkNoOtherCandidacy,
  checkProposable,
  checkResolutionConsultsOn,
  checkWithdrawable,
  parseWithdrawalReason,
  positionOf,
  type AppointmentStatus,
  type LeadershipPosition,
} from '../domain/appointments';
import {
  AppointmentsRepository,
  type AppointmentRecord,
} from '../repositories/appointments.repository';
import { EmployeesRepository } from '../repositories/employees.repository';
import { PostsRepository } from '../repositories/posts.repository';
import type { Posts } from './posts';
import type { Staffing } from './staffing';
import type { WriteCheck } from './records';

export type { AppointmentRecord } from '../repositories/appointments.repository';

/**
 * Leadership appointments in consultation with the board (docs/rules.md#rule-12), a saga through Kafka:
 * `propose` stores the PENDING appointment and publishes `personnel.appointment-proposed.v1` in
 * one transaction; governance makes it a LEADERSHIP_CONSULTATION submission; the board's adopted
 * resolution comes back as `governance.resolution-adopted.v1` and `complete` fills the post. Both
 * steps are transactions with their event (outbox, idempotent consumer), so a restart of either
 * service at any point loses nothing and does nothing twice.
 */
export class Appointments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly posts: Posts,
    private readonly staffing: Staffing,
  ) {}

  async propose(
    input: { postId: string; candidateId: string },
    canWrite: WriteCheck,
    by: string,
  ): Promise<AppointmentRecord> {
    return this.dataSource.transaction(async (manager) => {
      const appointments = new AppointmentsRepository(manager);
      const post = await this.posts.locked(manager, input.postId);
      const { position, districtId } = positionOf(post);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      checkProposable(post);
      const candidate = await new EmployeesRepository(manager).lock(input.candidateId);
      if (!candidate)
        throw new NotFound(`There is no employee ${input.candidateId}`, 'candidateId');
      checkCandidate(post, candidate, 'candidateId');
      checkNoOtherCandidacy(candidate.id, await appointments.pendingIdOfCandidate(candidate.id));
      const id = randomUUID();
      const proposedAt = new Date();
      await appointments.insertPending({
        id,
        postId: post.id,
        candidateId: candidate.id,
        position,
        districtId,
        proposedBy: by,
        proposedAt,
      });
      // No name in the event: the board reads the candidate in the graph.
      await this.outbox.publish(manager, 'appointmentProposed', id, {
        appointmentId: id,
        position,
        districtId,
        postId: post.id,
        proposedAt: proposedAt.toISOString(),
      });
      return (await appointments.byIds([id]))[0]!;
    });
  }

  /** HR withdraws a pending appointment; a later resolution on it changes nothing. */
  async withdraw(
    appointmentId: string,
    reason: string,
    canWrite: WriteCheck,
  ): Promise<AppointmentRecord> {
    const why = parseWithdrawalReason(reason);
    return this.dataSource.transaction(async (manager) => {
      const appointments = new AppointmentsRepository(manager);
      const appointment = await appointments.lock(appointmentId);
      if (!appointment)
        throw new NotFound(`There is no appointment ${appointmentId}`, 'appointmentId');
      const post = await this.posts.locked(manager, appointment.postId);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      checkWithdrawable(appointment);
      await appointments.withdraw(appointmentId, why);
      return (await appointments.byIds([appointmentId]))[0]!;
    });
  }

  /**
   * The board recorded its consultation: the appointment completes and the candidate fills the
   * post. A second delivery of the same resolution finds it completed and changes nothing.
   */
  async complete(
    manager: EntityManager,
    appointmentId: string,
    resolution: {
      id: string;
      number: string;
      adoptedAt: Date;
      position: LeadershipPosition;
      districtId: string | null;
    },
  ): Promise<AppointmentRecord> {
    const appointments = new AppointmentsRepository(manager);
    const appointment = await appointments.lock(appointmentId);
    if (!appointment)
      throw new NotFound(`There is no appointment ${appointmentId}`, 'appointmentId');
    checkResolutionConsultsOn(appointment, resolution);
    // Completed, withdrawn or failed before: a redelivery or a late resolution changes nothing.
    if (appointment.status !== 'PENDING') return appointment;
    const post = await this.posts.locked(manager, appointment.postId);
    const employees = new EmployeesRepository(manager);
    const candidate = (await employees.lock(appointment.candidateId))!;
    const outcome = appointmentOutcome(post, candidate);
    if (outcome.status === 'COMPLETED') {
      // A promotion: the candidate leaves the post held so far and becomes the unit's head.
      const left = await new PostsRepository(manager).vacateHeldBy(candidate.id);
      await employees.makeHead(candidate.id, post.unitId);
      await this.staffing.recompute(manager, left);
      await this.posts.fillLocked(manager, post, candidate.id, { viaAppointment: true });
    }
    await appointments.recordOutcome(appointmentId, outcome.status, resolution, outcome.reason);
    return (await appointments.byIds([appointmentId]))[0]!;
  }

  byIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AppointmentRecord[]> {
    return new AppointmentsRepository(manager).byIds(ids);
  }

  pendingOfPosts(postIds: readonly string[]): Promise<AppointmentRecord[]> {
    return new AppointmentsRepository(this.dataSource.manager).pendingOfPosts(postIds);
  }

  list(status?: AppointmentStatus): Promise<AppointmentRecord[]> {
    return new AppointmentsRepository(this.dataSource.manager).list(status);
  }

  /** A page of the appointments, newest proposal first. */
  page(
    status: AppointmentStatus | undefined,
    page: PageArguments,
  ): Promise<Connection<AppointmentRecord>> {
    return new AppointmentsRepository(this.dataSource.manager).page(status, page);
  }
}
