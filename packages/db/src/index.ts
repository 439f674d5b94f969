import 'reflect-metadata';
export {
  createDataSource,
  openDatabase,
  ensureDatabase,
  type DatabaseOptions,
} from './data-source';
export { countQueries } from './query-counter';
export { isUniqueViolation } from './errors';
export { isUuid, onlyUuids, lockName, insertRows } from './sql';
