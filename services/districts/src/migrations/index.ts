import { ChangeNotices1764900000000, EventTables1764000000000 } from '@jobcenter/events';
import { CreateDistricts1764000000001 } from './1764000000001-create-districts';

/** In order; never edit one that has run anywhere, add a new one. */
export const migrations = [
  EventTables1764000000000,
  CreateDistricts1764000000001,
  ChangeNotices1764900000000,
];
