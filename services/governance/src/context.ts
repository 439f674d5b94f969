import type { GovernanceServices } from './application';
import type { BaseContext } from '@jobcenter/subgraph-server';
import type { Loaders } from './loaders';
import type { DataSource } from 'typeorm';

export interface GovernanceContext extends BaseContext, GovernanceServices {
  dataSource: DataSource;
  loaders: Loaders;
}
