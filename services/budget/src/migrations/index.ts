import { ChangeNotices1764900000000, EventTables1764000000000 } from '@jobcenter/events';
import { CreateBudget1764200000001 } from './1764200000001-create-budget';
import { AdoptionOutcomes1764200000002 } from './1764200000002-adoption-outcomes';
import { CaseloadMonthAsDate1796236085507 } from './1796236085507-caseload-month-as-date';

/** In order; never edit one that has run anywhere, add a new one. */
export const migrations = [
  EventTables1764000000000,
  CreateBudget1764200000001,
  AdoptionOutcomes1764200000002,
  ChangeNotices1764900000000,
  CaseloadMonthAsDate1796236085507,
];
