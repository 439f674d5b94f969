import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { NotFound, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import { parseWorkplace, type StaffFunction } from '../domain/functions';
import { parseCalendarDate as parseDate } from '@jobcenter/subgraph-server';
import { parseFte } from '../domain/fte';
import {
  checkAdvertisable,
  checkAdvertisementPeriod,
  checkAdvertisementScope,
  checkFillable,
  checkHoldsNoOtherPost,
  checkNewPost,
  checkVacatable,
  employerOfPost,
  postReference,
  type AdvertisementScope,
  type PostStatus,
  type EmployerSide,
} from '../domain/posts';
import {
  AdvertisementsRepository,
  type AdvertisementRecord,
} from '../repositories/advertisements.repository';
import { EmployeesRepository } from '../repositories/employees.repository';
import { PostsRepository, type PostRecord } from '../repositories/posts.repository';
import type { Staffing } from './staffing';
import type { WriteCheck } from './records';

export type { AdvertisementRecord } from '../repositories/advertisements.repository';

/** Posts (Stellen) of the Fachbereich and the Bezirksstellen. */
export class Posts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staffing: Staffing,
  ) {}

  async create(
    input: { unitId: string; function: StaffFunction; fte: number; employerSide: EmployerSide },
    canWrite: WriteCheck,
  ): Promise<PostRecord> {
    const unitId = parseWorkplace(input.unitId, 'unitId');
    const fteMilli = parseFte(input.fte, 'fte');
    checkNewPost(unitId, input.function, input.employerSide);
    canWrite(employerOfPost(unitId, input.employerSide));
    return this.dataSource.transaction(async (manager) => {
      const posts = new PostsRepository(manager);
      await posts.lockUnit(unitId);
      const id = randomUUID();
      await posts.insertVacant({
        id,
        reference: postReference(unitId, await posts.countOfUnit(unitId)),
        unitId,
        function: input.function,
        fteMilli,
        employerSide: input.employerSide,
      });
      return this.locked(manager, id);
    });
  }

  /** Reads and locks a post for a change. */
  async locked(manager: EntityManager, id: string, field = 'postId'): Promise<PostRecord> {
    const post = await new PostsRepository(manager).lock(id);
    if (!post) throw new NotFound(`There is no post ${id}`, field);
    return post;
  }

  /** Advertises a vacant post; every advertisement is county-wide (docs/rules.md#rule-11). */
  async advertise(
    input: { postId: string; scope: AdvertisementScope; publishedOn: string; closesOn: string },
    canWrite: WriteCheck,
    by: string,
  ): Promise<AdvertisementRecord> {
    checkAdvertisementScope(input.scope);
    parseDate(input.publishedOn, 'publishedOn');
    parseDate(input.closesOn, 'closesOn');
    checkAdvertisementPeriod(input.publishedOn, input.closesOn);
    return this.dataSource.transaction(async (manager) => {
      const post = await this.locked(manager, input.postId);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      checkAdvertisable(post);
      const advertisement = { id: randomUUID(), ...input, postId: post.id };
      await new AdvertisementsRepository(manager).insert(advertisement, by);
      await new PostsRepository(manager).markAdvertised(post.id);
      return advertisement;
    });
  }

  async fill(postId: string, employeeId: string, canWrite: WriteCheck): Promise<PostRecord> {
    return this.dataSource.transaction(async (manager) => {
      const post = await this.locked(manager, postId);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      await this.fillLocked(manager, post, employeeId);
      return this.locked(manager, postId);
    });
  }

  /** Fills a post read with `locked` (also used when an appointment completes). */
  async fillLocked(
    manager: EntityManager,
    post: PostRecord,
    employeeId: string,
    options: { viaAppointment?: boolean } = {},
  ): Promise<void> {
    const posts = new PostsRepository(manager);
    const employee = await new EmployeesRepository(manager).lock(employeeId);
    if (!employee) throw new NotFound(`There is no employee ${employeeId}`, 'employeeId');
    checkFillable(post, employee, { viaAppointment: options.viaAppointment });
    checkHoldsNoOtherPost(employee.id, await posts.referenceHeldBy(employee.id));
    await posts.fill(post.id, employee.id);
    await this.staffing.recompute(manager, [post.unitId]);
  }

  async vacate(postId: string, canWrite: WriteCheck): Promise<PostRecord> {
    return this.dataSource.transaction(async (manager) => {
      const post = await this.locked(manager, postId);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      checkVacatable(post);
      await new PostsRepository(manager).vacate(post.id);
      await this.staffing.recompute(manager, [post.unitId]);
      return this.locked(manager, postId);
    });
  }

  byIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PostRecord[]> {
    return new PostsRepository(manager).byIds(ids);
  }

  ofUnits(unitIds: readonly string[]): Promise<PostRecord[]> {
    return new PostsRepository(this.dataSource.manager).ofUnits(unitIds);
  }

  /** A page of each unit's posts (by reference), optionally of one status: one statement for all units. */
  pagesOfUnits(
    unitIds: readonly string[],
    status: PostStatus | undefined,
    page: PageArguments,
  ): Promise<Map<string, Connection<PostRecord>>> {
    return new PostsRepository(this.dataSource.manager).pagesOfUnits(unitIds, status, page);
  }

  /** A page of each post's advertisements, oldest first: one statement for all posts. */
  advertisementPagesOf(
    postIds: readonly string[],
    page: PageArguments,
  ): Promise<Map<string, Connection<AdvertisementRecord>>> {
    return new AdvertisementsRepository(this.dataSource.manager).pagesOf(postIds, page);
  }

  heldBy(employeeIds: readonly string[]): Promise<PostRecord[]> {
    return new PostsRepository(this.dataSource.manager).heldBy(employeeIds);
  }

  advertisementsOf(postIds: readonly string[]): Promise<AdvertisementRecord[]> {
    return new AdvertisementsRepository(this.dataSource.manager).of(postIds);
  }
}
