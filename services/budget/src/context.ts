import type { BaseContext } from '@jobcenter/subgraph-server';
import type { BudgetServices } from './application';
import type { Loaders } from './loaders';

export interface BudgetContext extends BaseContext, BudgetServices {
  loaders: Loaders;
}
