/** The ten cities of Kreis Recklinghausen, by the slug used as district id throughout the graph. */
export const CITY_IDS = [
  'castrop-rauxel',
  'datteln',
  'dorsten',
  'gladbeck',
  'haltern-am-see',
  'herten',
  'marl',
  'oer-erkenschwick',
  'recklinghausen',
  'waltrop',
] as const;
export type CityId = (typeof CITY_IDS)[number];

/** The Fachbereich Jobcenter, the county's central department: the eleventh unit's id. */
export const DEPARTMENT_ID = 'fachbereich-jobcenter';

/** The cities' names, for texts written before the districts service's data has arrived. */
export const CITY_NAMES: Record<CityId, string> = {
  'castrop-rauxel': 'Castrop-Rauxel',
  datteln: 'Datteln',
  dorsten: 'Dorsten',
  gladbeck: 'Gladbeck',
  'haltern-am-see': 'Haltern am See',
  herten: 'Herten',
  marl: 'Marl',
  'oer-erkenschwick': 'Oer-Erkenschwick',
  recklinghausen: 'Recklinghausen',
  waltrop: 'Waltrop',
};
