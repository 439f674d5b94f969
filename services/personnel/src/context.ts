import type { BaseContext } from '@jobcenter/subgraph-server';
import type { PersonnelServices } from './application';
import type { Loaders } from './loaders';

export interface PersonnelContext extends BaseContext, PersonnelServices {
  loaders: Loaders;
}
