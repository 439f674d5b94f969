import DataLoader from 'dataloader';
import type { PersonnelServices } from './application';
import type { AppointmentRecord } from './application/appointments';
import type { AdvertisementRecord } from './application/posts';
import type { EmployeeRecord, PostRecord } from './application/records';
import type { StaffingRequirementRecord } from './application/staffing';

function byKey<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: (item: T) => string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const found = new Map((await fetch(keys)).map((item) => [keyOf(item), item]));
    return keys.map((key) => found.get(key) ?? null);
  });
}

function groupedBy<T>(
  fetch: (keys: readonly string[]) => Promise<T[]>,
  keyOf: (item: T) => string,
) {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>();
    for (const item of await fetch(keys))
      groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** One statement per lookup and request, whatever the number of items. */
export function createLoaders(services: PersonnelServices) {
  return {
    employee: byKey<EmployeeRecord>(
      (ids) => services.employees.byIds(ids),
      (e) => e.id,
    ),
    post: byKey<PostRecord>(
      (ids) => services.posts.byIds(ids),
      (p) => p.id,
    ),
    postOfHolder: byKey<PostRecord>(
      (ids) => services.posts.heldBy(ids),
      (p) => p.holderId ?? '',
    ),
    postsOfUnit: groupedBy<PostRecord>(
      (ids) => services.posts.ofUnits(ids),
      (p) => p.unitId,
    ),
    advertisements: groupedBy<AdvertisementRecord>(
      (ids) => services.posts.advertisementsOf(ids),
      (a) => a.postId,
    ),
    staffOfUnit: groupedBy(
      (ids) => services.employees.summary(ids),
      (row) => row.workplace,
    ),
    requirement: byKey<StaffingRequirementRecord>(
      (ids) => services.staffing.requirements(ids),
      (r) => r.districtId,
    ),
    pendingAppointmentOfPost: byKey<AppointmentRecord>(
      async (ids) =>
        (await services.appointments.list('PENDING')).filter((a) => ids.includes(a.postId)),
      (a) => a.postId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
