import DataLoader from 'dataloader';
import {
  connectionLoader,
  groupedLoader,
  keyedLoader,
  type PageArguments,
} from '@jobcenter/subgraph-server';
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

/** One loader per lookup: one SQL statement for all the keys a request needs. */
export function createLoaders(services: BudgetServices) {
  return {
    districtAllocation: byYearAndDistrict<DistrictAllocationRecord>((year, ids) =>
      services.allocations.districtAllocations(year, ids),
    ),
    entries: byYearAndDistrict<SpendingEntryRecord>((year, ids) =>
      services.spending.entriesOf(year, ids),
    ),
    entryPage: connectionLoader<SpendingEntryRecord, PageArguments & { fiscalYear: number }>(
      (ids, { fiscalYear, ...page }) => services.spending.entryPagesOf(fiscalYear, ids, page),
    ),
    allAllocationsOfDistrict: groupedLoader<DistrictAllocationRecord>(
      (ids) => services.allocations.allAllocationsOf(ids),
      (entry) => entry.districtId,
    ),
    districtsOfAllocation: groupedLoader<DistrictAllocationRecord>(
      (ids) => services.allocations.districtsOfAllocations(ids),
      (entry) => entry.allocationId,
    ),
    /** By fiscal year, written as a string. */
    allocationOfYear: keyedLoader<AllocationRecord>(
      (years) => services.allocations.allocationsOfYears(years.map(Number)),
      (allocation) => String(allocation.fiscalYear),
    ),
    allocation: keyedLoader<AllocationRecord>(
      (ids) => services.allocations.allocationsByIds(ids),
      (allocation) => allocation.id,
    ),
    proposal: keyedLoader<ProposalRecord>(
      (ids) => services.allocations.proposalsByIds(ids),
      (proposal) => proposal.id,
    ),
    proposalDistricts: groupedLoader<ProposalDistrictRecord>(
      (ids) => services.allocations.districtsOf(ids),
      (district) => district.proposalId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
