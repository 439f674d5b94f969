import { createHash } from 'node:crypto';
import { Conflict } from '@jobcenter/subgraph-server';
import { addMonths, yearMonthOf, type YearMonth } from '@jobcenter/kernel';
import type { CaseloadReporting } from './application/caseload-reporting';
import type { CaseloadFigures } from './domain/caseload';
import type { Ownership } from './domain/ownership';

/**
 * Demo caseload of the ten district offices, of the order of the public figures (see
 * docs/demo-data.md): each city's share of the county's eligible jobseekers follows its population
 * times its SGB II rate; county totals about 47,700 eligible jobseekers and 34,400 benefit
 * households (2021). The shares below are rules of thumb for the Ruhr area, not statistics.
 */
const CITIES: { id: string; population: number; sgb2Rate: number }[] = [
  { id: 'castrop-rauxel', population: 73_126, sgb2Rate: 15.3 },
  { id: 'datteln', population: 35_200, sgb2Rate: 15.0 },
  { id: 'dorsten', population: 76_842, sgb2Rate: 11.3 },
  { id: 'gladbeck', population: 75_889, sgb2Rate: 18.0 },
  { id: 'haltern-am-see', population: 38_033, sgb2Rate: 5.9 },
  { id: 'herten', population: 62_204, sgb2Rate: 16.4 },
  { id: 'marl', population: 85_001, sgb2Rate: 16.3 },
  { id: 'oer-erkenschwick', population: 31_838, sgb2Rate: 14.5 },
  { id: 'recklinghausen', population: 111_734, sgb2Rate: 16.8 },
  { id: 'waltrop', population: 29_586, sgb2Rate: 10.2 },
];

const COUNTY_ELIGIBLE_JOBSEEKERS = 47_700;
const COUNTY_BENEFIT_HOUSEHOLDS = 34_400;
const UNDER_25_SHARE = 0.21;
const LONG_TERM_SHARE = 0.64;
/** K2 of about 18 % a year: 1.5 % of the eligible jobseekers find work each month. */
const MONTHLY_INTEGRATION_RATE = 0.015;
/** Subsistence benefits (without housing costs) per benefit household and month, in cents. */
const SUBSISTENCE_PER_HOUSEHOLD_CENTS = 62_000;
const MONTHS = 24;

/** A repeatable wobble in [-1, 1] per city and month, so the figures differ but never change. */
function wobble(city: string, month: YearMonth, salt: string): number {
  const byte = createHash('sha1').update(`${city}|${month}|${salt}`).digest()[0]!;
  return byte / 127.5 - 1;
}

export function demoCaseload(city: string, month: YearMonth, monthsAgo: number): CaseloadFigures {
  const total = CITIES.reduce((sum, c) => sum + c.population * c.sgb2Rate, 0);
  const entry = CITIES.find((c) => c.id === city);
  if (!entry) throw new Error(`no demo data for ${city}`);
  const share = (entry.population * entry.sgb2Rate) / total;
  // A slow decline of 0.25 % a month towards today, and a little noise.
  const trend = 1 + 0.0025 * monthsAgo + 0.01 * wobble(city, month, 'elb');
  const eligibleJobseekers = Math.round(COUNTY_ELIGIBLE_JOBSEEKERS * share * trend);
  const benefitHouseholds = Math.round(
    eligibleJobseekers * (COUNTY_BENEFIT_HOUSEHOLDS / COUNTY_ELIGIBLE_JOBSEEKERS),
  );
  const season = [0.8, 0.9, 1.0, 1.0, 1.0, 0.9, 0.9, 1.3, 1.3, 1.1, 1.0, 0.8][
    Number(month.slice(5)) - 1
  ]!;
  return {
    benefitHouseholds,
    eligibleJobseekers,
    eligibleJobseekersUnder25: Math.round(
      eligibleJobseekers * (UNDER_25_SHARE + 0.01 * wobble(city, month, 'u25')),
    ),
    longTermRecipients: Math.round(
      eligibleJobseekers * (LONG_TERM_SHARE + 0.01 * wobble(city, month, 'ltr')),
    ),
    integrations: Math.round(
      eligibleJobseekers *
        MONTHLY_INTEGRATION_RATE *
        season *
        (1 + 0.1 * wobble(city, month, 'int')),
    ),
    subsistenceBenefits:
      benefitHouseholds *
      Math.round(SUBSISTENCE_PER_HOUSEHOLD_CENTS * (1 + 0.005 * monthsAgo * -1)),
  };
}

/**
 * Reports the last 24 complete months for every district that has not reported them. `reported`
 * (`district|YYYY-MM`) skips the months known to be there without a transaction each, so that a
 * restart on seeded data costs one query.
 */
export async function seedDemoCaseload(
  reporting: CaseloadReporting,
  today: Date,
  ownership: Ownership,
  reported: ReadonlySet<string> = new Set(),
): Promise<number> {
  const lastMonth = addMonths(yearMonthOf(today), -1);
  let created = 0;
  for (const city of CITIES.filter((c) => ownership.ownsDistrict(c.id))) {
    for (let monthsAgo = MONTHS - 1; monthsAgo >= 0; monthsAgo -= 1) {
      const month = addMonths(lastMonth, -monthsAgo);
      if (reported.has(`${city.id}|${month}`)) continue;
      try {
        await reporting.report({
          districtId: city.id,
          month,
          figures: demoCaseload(city.id, month, monthsAgo),
          reportedBy: 'demo-data',
        });
        created += 1;
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
      }
    }
  }
  return created;
}
