/**
 * What the domain code of every service shares, with no runtime dependencies: the errors it
 * throws (the subgraph server maps them to GraphQL error codes), calendar months, cents and the
 * ids of the Jobcenter's eleven units. Domain code (services/<name>/src/domain) imports no other
 * package (eslint.config.mjs).
 */
export { DomainError, RuleViolation, Forbidden, NotFound, Conflict, Misdirected } from './errors';
export {
  type YearMonth,
  YEAR_MONTH_PATTERN,
  isYearMonth,
  parseYearMonth,
  yearMonthOf,
  addMonths,
  monthsBetween,
  firstDayOf,
} from './year-month';
export { parseCalendarDate } from './dates';
export { cents } from './cents';
export { CITY_IDS, CITY_NAMES, DEPARTMENT_ID, type CityId } from './units';
