import { ChangeNotices1764900000000, EventTables1764000000000 } from '@jobcenter/events';
import { CreateGovernance1764100000001 } from './1764100000001-create-governance';
import { StaffCouncilAndTargetAgreements1764100000002 } from './1764100000002-staff-council-and-target-agreements';
import { BenchmarkProjection1764900000001 } from './1764900000001-benchmark-projection';
import { Oparl1765000000001 } from './1765000000001-oparl';

/** In order; never edit one that has run anywhere, add a new one. */
export const migrations = [
  EventTables1764000000000,
  CreateGovernance1764100000001,
  StaffCouncilAndTargetAgreements1764100000002,
  ChangeNotices1764900000000,
  BenchmarkProjection1764900000001,
  Oparl1765000000001,
];
