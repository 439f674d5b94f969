import {
  connectionLoader,
  groupedLoader,
  keyedLoader,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import type { PersonnelServices } from './application';
import type { AppointmentRecord } from './application/appointments';
import type { AdvertisementRecord } from './application/posts';
import type { EmployeeRecord, PostRecord } from './application/records';
import type { StaffingRequirementRecord } from './application/staffing';
import type { PostStatus } from './domain/posts';

/** One statement per lookup and request, whatever the number of items. */
export function createLoaders(services: PersonnelServices) {
  return {
    employee: keyedLoader<EmployeeRecord>(
      (ids) => services.employees.byIds(ids),
      (e) => e.id,
    ),
    post: keyedLoader<PostRecord>(
      (ids) => services.posts.byIds(ids),
      (p) => p.id,
    ),
    postOfHolder: keyedLoader<PostRecord>(
      (ids) => services.posts.heldBy(ids),
      (p) => p.holderId ?? '',
    ),
    postsOfUnit: groupedLoader<PostRecord>(
      (ids) => services.posts.ofUnits(ids),
      (p) => p.unitId,
    ),
    postPageOfUnit: connectionLoader<PostRecord, PageArguments & { status?: PostStatus }>(
      (ids, { status, ...page }) => services.posts.pagesOfUnits(ids, status, page),
    ),
    advertisementPage: connectionLoader<AdvertisementRecord, PageArguments>((ids, page) =>
      services.posts.advertisementPagesOf(ids, page),
    ),
    advertisements: groupedLoader<AdvertisementRecord>(
      (ids) => services.posts.advertisementsOf(ids),
      (a) => a.postId,
    ),
    staffOfUnit: groupedLoader(
      (ids) => services.employees.summary(ids),
      (row) => row.workplace,
    ),
    requirement: keyedLoader<StaffingRequirementRecord>(
      (ids) => services.staffing.requirements(ids),
      (r) => r.districtId,
    ),
    pendingAppointmentOfPost: keyedLoader<AppointmentRecord>(
      (ids) => services.appointments.pendingOfPosts(ids),
      (a) => a.postId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
