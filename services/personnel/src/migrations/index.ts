import { ChangeNotices1764900000000, EventTables1764000000000 } from '@jobcenter/events';
import { CreatePersonnel1764200000001 } from './1764200000001-create-personnel';
import { AppointmentOutcomes1764200000002 } from './1764200000002-appointment-outcomes';

/** In order; never edit one that has run anywhere, add a new one. */
export const migrations = [
  EventTables1764000000000,
  CreatePersonnel1764200000001,
  AppointmentOutcomes1764200000002,
  ChangeNotices1764900000000,
];
