import type { BaseContext } from '@jobcenter/subgraph-server';
import type { CaseloadReporting } from './application/caseload-reporting';
import type { UnitRegistry } from './application/unit-registry';
import type { Loaders } from './loaders';
import type { Ownership } from './domain/ownership';

export interface DistrictsContext extends BaseContext {
  loaders: Loaders;
  reporting: CaseloadReporting;
  registry: UnitRegistry;
  ownership: Ownership;
}
