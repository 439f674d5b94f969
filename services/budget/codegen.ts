import { resolverCodegen } from '../../packages/subgraph-server/codegen';

export default resolverCodegen({
  contextType: '../context#BudgetContext',
  mappers: {
    BudgetLine: '../domain/budget#BudgetLine',
    PoolSplit: '../application/pool-splits#PoolSplit',
    AllocationProposal: '../application/allocations#ProposalRecord',
    ProposedDistrictAmount: '../application/allocations#ProposalDistrictRecord',
    Allocation: '../application/allocations#AllocationRecord',
    DistrictAllocation: '../application/allocations#DistrictAllocationRecord',
    SpendingEntry: '../application/spending#SpendingEntryRecord',
    // Other subgraphs' entities: this one holds their keys only.
    District: '{ id: string }',
    Resolution: '{ id: string }',
  },
});
