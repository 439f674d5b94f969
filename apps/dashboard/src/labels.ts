import { CITY_NAMES } from '@jobcenter/kernel';

/** German names of the graph's enum values, as the page shows them. */

export const ROLE_LABELS: Record<string, string> = {
  county_staff: 'Fachbereich Jobcenter (Kreis)',
  board_member: 'Mitglied des Vorstands',
  board_chair: 'Vorsitz des Vorstands (Landrat/Landrätin)',
  board_office: 'Geschäftsstelle des Vorstands',
  city_staff: 'Bezirksstelle (Stadt)',
  county_hr: 'Personalamt des Kreises',
  city_hr: 'Personalamt der Stadt',
  staff_council: 'Personalrat',
  reporting: 'Berichtswesen (nur Kennzahlen)',
};

/** The ten cities by district id, as the kernel names them. */
export const CITY_LABELS: Record<string, string> = CITY_NAMES;

export const RESOLUTION_STATUS: Record<string, string> = {
  VOTING: 'Abstimmung läuft',
  DISSENT: 'Dissens: Entscheidung des Vorsitzes offen',
  ADOPTED_BY_CONSENSUS: 'Im Konsens beschlossen',
  ADOPTED_BY_CHAIR: 'Durch den Vorsitz beschlossen',
  REJECTED_BY_CHAIR: 'Durch den Vorsitz abgelehnt',
};

export const MEETING_STATUS: Record<string, string> = {
  SCHEDULED: 'geplant',
  HELD: 'durchgeführt',
  CANCELLED: 'abgesagt',
};

export const SEAT_ROLE: Record<string, string> = {
  CHAIR: 'Vorsitz',
  DEPUTY_CHAIR: 'Stellv. Vorsitz',
  CITY_REPRESENTATIVE: 'Vertretung der Städte',
};

export const VOTE: Record<string, string> = {
  AGREE: 'Zustimmung',
  DISAGREE: 'Widerspruch',
  ABSTAIN: 'Enthaltung',
};

export const STAFF_FUNCTION: Record<string, string> = {
  BENEFITS_CASEWORK: 'Leistungssachbearbeitung',
  INTEGRATION_CASEWORK: 'Integrationssachbearbeitung',
  LEADERSHIP: 'Leitung',
  IT: 'IT',
  STEERING_AND_CONTROLLING: 'Steuerung und Controlling',
  BUDGET: 'Haushalt',
  CAPACITY_AND_QUALIFICATION_PLANNING: 'Kapazitäts- und Qualifizierungsplanung',
  LABOUR_MARKET_PROGRAMME: 'Arbeitsmarktprogramm',
  EMPLOYER_SERVICE: 'Arbeitgeberservice',
  PARTNER_COOPERATION: 'Zusammenarbeit mit Partnern',
  TENDERING_OF_MEASURES: 'Ausschreibung von Maßnahmen',
  FUNDING_PROGRAMMES: 'Förderprogramme',
  INVESTIGATION_SERVICE: 'Ermittlungsdienst',
  DEBT_COLLECTION: 'Forderungsmanagement',
  ADMINISTRATIVE_OFFENCES: 'Ordnungswidrigkeiten',
  COMPLAINTS: 'Beschwerdemanagement',
  PUBLIC_RELATIONS: 'Öffentlichkeitsarbeit',
  INTERNAL_AUDIT: 'Innenrevision',
  REGIONAL_TASK: 'Regionalaufgabe',
};

export const EMPLOYER: Record<string, string> = {
  KREIS: 'Kreis',
  CASTROP_RAUXEL: 'Castrop-Rauxel',
  DATTELN: 'Datteln',
  DORSTEN: 'Dorsten',
  GLADBECK: 'Gladbeck',
  HALTERN_AM_SEE: 'Haltern am See',
  HERTEN: 'Herten',
  MARL: 'Marl',
  OER_ERKENSCHWICK: 'Oer-Erkenschwick',
  RECKLINGHAUSEN: 'Recklinghausen',
  WALTROP: 'Waltrop',
};

export const POST_STATUS: Record<string, string> = {
  VACANT: 'unbesetzt',
  ADVERTISED: 'ausgeschrieben',
  FILLED: 'besetzt',
};

export const ADVERTISEMENT_SCOPE: Record<string, string> = {
  COUNTY_WIDE: 'kreisweit',
  EMPLOYER_INTERNAL: 'arbeitgeberintern',
  CITY_INTERNAL: 'stadtintern',
  UNIT_INTERNAL: 'dienststellenintern',
};

export const TRANSFER_KIND: Record<string, string> = {
  FLUCTUATION: 'Fluktuation',
  VOLUNTARY: 'freiwillig',
};

export const TRANSFER_STATUS: Record<string, string> = {
  OPEN: 'offen',
  COMPLETED: 'abgeschlossen',
  REFUSED: 'abgelehnt',
};

export const CONSENT_PARTY: Record<string, string> = {
  EMPLOYEE: 'Beschäftigte/r',
  CITY: 'Stadt',
  KREIS: 'Kreis',
};

export const POSITION: Record<string, string> = {
  HEAD_OF_DEPARTMENT: 'Leitung des Fachbereichs',
  HEAD_OF_DISTRICT_OFFICE: 'Leitung der Bezirksstelle',
};

export const CATEGORY: Record<string, string> = {
  INTEGRATION_FUNDS: 'Eingliederungsmittel',
  ADMINISTRATIVE_COSTS: 'Verwaltungskosten',
  PERSONNEL_COSTS: 'Personalkosten',
};

export const SOURCE: Record<string, string> = { BUND: 'Bund', LAND: 'Land', KREIS: 'Kreis' };

export const ENTRY_KIND: Record<string, string> = {
  COMMITMENT: 'Mittelbindung',
  EXPENDITURE: 'Ausgabe',
};

export const INDICATOR: Record<string, string> = {
  ELIGIBLE_JOBSEEKERS: 'eLb',
  LONG_TERM_RECIPIENTS: 'Langzeitleistungsbeziehende',
  JOBSEEKERS_UNDER_25: 'eLb unter 25',
  BENEFIT_HOUSEHOLDS: 'Bedarfsgemeinschaften',
  PROBLEM_PRESSURE: 'Problemdruck',
  STRUCTURE: 'Struktur',
};

export const TARGET_INDICATOR: Record<string, string> = {
  SUBSISTENCE_BENEFITS_CHANGE: 'K1: Veränderung der Leistungen zum Lebensunterhalt',
  INTEGRATION_RATE: 'K2: Integrationsquote',
  LONG_TERM_RECIPIENTS_CHANGE: 'K3: Veränderung der Langzeitleistungsbeziehenden',
  HOUSE_OF_SOCIAL_SERVICES_STANDARDS: 'Standards Haus der sozialen Leistungen',
  GUIDE_STANDARDS: 'Standards Lotsenfunktion',
};

export const CONTROLLING_STATUS: Record<string, string> = {
  ON_TRACK: 'im Plan',
  AT_RISK: 'gefährdet',
  MISSED: 'verfehlt',
  NO_DATA: 'keine Daten',
};

/** The services of the graph by the name the gateway gives them. */
export const SERVICE_LABELS: Record<string, string> = {
  districts: 'Bezirksstellen und Fallzahlen',
  governance: 'Vorstand und Kennzahlen',
  personnel: 'Personal',
  budget: 'Budget',
};

export const label = (labels: Record<string, string>, value: string): string =>
  labels[value] ?? value;
