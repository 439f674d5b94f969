import { CITY_IDS, DEPARTMENT_ID, RuleViolation, type CityId } from '@jobcenter/kernel';

/** The short code of a unit in post references and personnel numbers: FB, MARL, DATTEL, ... */
export const unitCode = (unitId: string): string =>
  unitId === DEPARTMENT_ID ? 'FB' : unitId.toUpperCase().slice(0, 6);

/** Who employs: the Kreis or one of the ten cities. */
export type Employer = 'KREIS' | CityId;
export const EMPLOYERS: readonly Employer[] = ['KREIS', ...CITY_IDS];

/** The casework the cities' staff do in the Bezirksstellen (docs/rules.md#rule-7). */
export const CASEWORK = ['BENEFITS_CASEWORK', 'INTEGRATION_CASEWORK'] as const;

/**
 * The county's central tasks, done by the Kreis with its own staff (docs/rules.md#rule-8, l.32-41).
 * `REGIONAL_TASK` is any further task the board decided to run regionally.
 */
export const CENTRAL_TASKS = [
  'IT',
  'STEERING_AND_CONTROLLING',
  'BUDGET',
  'CAPACITY_AND_QUALIFICATION_PLANNING',
  'LABOUR_MARKET_PROGRAMME',
  'EMPLOYER_SERVICE',
  'PARTNER_COOPERATION',
  'TENDERING_OF_MEASURES',
  'FUNDING_PROGRAMMES',
  'INVESTIGATION_SERVICE',
  'DEBT_COLLECTION',
  'ADMINISTRATIVE_OFFENCES',
  'COMPLAINTS',
  'PUBLIC_RELATIONS',
  'INTERNAL_AUDIT',
  'REGIONAL_TASK',
] as const;

/** German names of the central tasks, as the paper lists them. */
export const CENTRAL_TASK_NAMES: Record<(typeof CENTRAL_TASKS)[number], string> = {
  IT: 'IT',
  STEERING_AND_CONTROLLING: 'Steuerung und Controlling',
  BUDGET: 'Haushalt',
  CAPACITY_AND_QUALIFICATION_PLANNING: 'Kapazitäts- und Qualifizierungsplanung',
  LABOUR_MARKET_PROGRAMME: 'Arbeitsmarktprogramm',
  EMPLOYER_SERVICE: 'Arbeitgeberservice (Vermittlungsservice)',
  PARTNER_COOPERATION: 'Zusammenarbeit mit Partnern',
  TENDERING_OF_MEASURES: 'Ausschreibung von Eingliederungsmaßnahmen',
  FUNDING_PROGRAMMES: 'Koordination von Förderprogrammen',
  INVESTIGATION_SERVICE: 'Ermittlungsdienst',
  DEBT_COLLECTION: 'Forderungsmanagement',
  ADMINISTRATIVE_OFFENCES: 'Ordnungswidrigkeitenverfahren',
  COMPLAINTS: 'Beschwerdemanagement',
  PUBLIC_RELATIONS: 'Öffentlichkeitsarbeit',
  INTERNAL_AUDIT: 'Innenrevision',
  REGIONAL_TASK: 'Vom Vorstand regional übertragene Aufgabe',
};

export const FUNCTIONS = [...CASEWORK, 'LEADERSHIP', ...CENTRAL_TASKS] as const;
export type StaffFunction = (typeof FUNCTIONS)[number];

export const isCentralTask = (fn: StaffFunction): boolean =>
  (CENTRAL_TASKS as readonly string[]).includes(fn);

/** A workplace: the Fachbereich or a Bezirksstelle (by its city id). */
export function parseWorkplace(unitId: string, field: string): typeof DEPARTMENT_ID | CityId {
  if (unitId === DEPARTMENT_ID) return DEPARTMENT_ID;
  if ((CITY_IDS as readonly string[]).includes(unitId)) return unitId as CityId;
  throw new RuleViolation(
    `${unitId} is not a unit of the Jobcenter: expected ${DEPARTMENT_ID} or one of ${CITY_IDS.join(', ')}`,
    field,
  );
}

export function parseEmployer(employer: string, field: string): Employer {
  if ((EMPLOYERS as readonly string[]).includes(employer)) return employer as Employer;
  throw new RuleViolation(
    `${employer} is not an employer of the Jobcenter: expected KREIS or one of ${CITY_IDS.join(', ')}`,
    field,
  );
}

/**
 * Who may work where in which function (docs/rules.md#rule-7, #rule-8):
 * - the county's central tasks are done by Kreis staff only;
 * - a city's staff work in that city's own Bezirksstelle, never at the Fachbereich or in another city;
 * - Kreis staff may work anywhere, also at a workplace in a Bezirksstelle (l.42-43).
 */
export function checkAssignment(
  employer: Employer,
  workplace: string,
  fn: StaffFunction,
  fieldPrefix = '',
): void {
  if (employer === 'KREIS') return;
  if (isCentralTask(fn)) {
    throw new RuleViolation(
      `${fn} is a central task of the Kreis: it is done by Kreis staff, not by staff of ${employer}`,
      `${fieldPrefix}function`,
    );
  }
  if (workplace !== employer) {
    throw new RuleViolation(
      `staff of ${employer} work in the Bezirksstelle ${employer}, not at ${workplace}`,
      `${fieldPrefix}workplace`,
    );
  }
}
