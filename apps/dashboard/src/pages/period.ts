import { addMonths, monthOf } from '../format';

/**
 * The months the pages look at: caseload is reported after a month ends, so the last complete
 * month is the latest one to compare; trends cover the 24 months up to it.
 */
export function period(today = new Date()) {
  const lastMonth = addMonths(monthOf(today), -1);
  return {
    currentMonth: monthOf(today),
    lastMonth,
    trendFrom: addMonths(lastMonth, -23),
    yearAgo: addMonths(lastMonth, -11),
    fiscalYear: today.getUTCFullYear(),
  };
}
