import type { Allocations } from './allocations';
import type { Budgets } from './budgets';
import type { PoolSplits } from './pool-splits';
import type { Reports } from './reports';
import type { Spending } from './spending';

/** The use cases of the budget service, built once at start and shared by resolvers, handlers and demo data. */
export interface BudgetServices {
  budgets: Budgets;
  poolSplits: PoolSplits;
  allocations: Allocations;
  spending: Spending;
  reports: Reports;
}
