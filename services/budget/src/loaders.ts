import DataLoader from 'dataloader';
import type { BudgetServices } from './application';
import type {
  AllocationRecord,
  DistrictAllocationRecord,
  ProposalDistrictRecord,
  ProposalRecord,
} from './application/allocations';
import type { SpendingEntryRecord } from './application/spending';

/** Groups `year|districtId` keys by year: one statement per year, whatever the number of districts. */
function byYearAndDistrict<T extends { districtId: string }>(
  fetch: (fiscalYear: number, districtIds: string[]) => Promise<T[]>,
) {
  return new DataLoader<string, T[]>(async (keys) => {
    const years = new Map<number, string[]>();
    for (const key of keys) {
      const [year, districtId] = key.split('|') as [string, string];
      years.set(Number(year), [...(years.get(Number(year)) ?? []), districtId]);
    }
    const found = new Map<string, T[]>();
    for (const [year, districtIds] of years) {
      for (const item of await fetch(year, districtIds)) {
        const key = `${year}|${item.districtId}`;
        found.set(key, [...(found.get(key) ?? []), item]);
      }
    }
    return keys.map((key) => found.get(key) ?? []);
  });
}

function byKey<K extends string | number, T>(
  fetch: (keys: readonly K[]) => Promise<T[]>,
  keyOf: (item: T) => K,
) {
  return new DataLoader<K, T[]>(async (keys) => {
    const groups = new Map<K, T[]>();
    for (const item of await fetch(keys))
      groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** One loader per lookup: one SQL statement for all the keys a request needs. */
export function createLoaders(services: BudgetServices) {
  return {
    districtAllocation: byYearAndDistrict<DistrictAllocationRecord>((year, ids) =>
      services.allocations.districtAllocations(year, ids),
    ),
    entries: byYearAndDistrict<SpendingEntryRecord>((year, ids) =>
      services.spending.entriesOf(year, ids),
    ),
    allAllocationsOfDistrict: byKey<string, DistrictAllocationRecord>(
      (ids) => services.allocations.allAllocationsOf(ids),
      (entry) => entry.districtId,
    ),
    districtsOfAllocation: byKey<string, DistrictAllocationRecord>(
      (ids) => services.allocations.districtsOfAllocations(ids),
      (entry) => entry.allocationId,
    ),
    allocationOfYear: byKey<number, AllocationRecord>(
      (years) => services.allocations.allocationsOfYears(years),
      (allocation) => allocation.fiscalYear,
    ),
    allocation: byKey<string, AllocationRecord>(
      (ids) => services.allocations.allocationsByIds(ids),
      (allocation) => allocation.id,
    ),
    proposal: byKey<string, ProposalRecord>(
      (ids) => services.allocations.proposalsByIds(ids),
      (proposal) => proposal.id,
    ),
    proposalDistricts: byKey<string, ProposalDistrictRecord>(
      (ids) => services.allocations.districtsOf(ids),
      (district) => district.proposalId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
