import { EventTables1764000000000 } from '@jobcenter/events';
import { CreatePersonnel1764200000001 } from './1764200000001-create-personnel';

/** In order; never edit one that has run anywhere, add a new one. */
export const migrations = [EventTables1764000000000, CreatePersonnel1764200000001];
