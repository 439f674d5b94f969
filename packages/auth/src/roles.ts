import { z } from 'zod';

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

/**
 * Roles carried in the token's `roles` claim. City roles need the `city` claim.
 * - county_staff: staff of the Kreis (Fachbereich Jobcenter); read everything, write county data
 * - board_member / board_chair / board_office: the Vorstand, its chair (Landrat) and its Geschäftsstelle
 * - city_staff: staff of one city's Bezirksstelle
 * - county_hr / city_hr: personnel offices of the Kreis / of one city
 * - staff_council: Personalrat representatives
 * - reporting: reporting tools (aggregates, no personal data)
 */
export const ROLES = [
  'county_staff',
  'board_member',
  'board_chair',
  'board_office',
  'city_staff',
  'county_hr',
  'city_hr',
  'staff_council',
  'reporting',
] as const;
export type Role = (typeof ROLES)[number];

export const CITY_ROLES: readonly Role[] = ['city_staff', 'city_hr'];

export const principalClaims = z
  .object({
    sub: z.string().min(1),
    name: z.string().optional(),
    roles: z.array(z.enum(ROLES)).min(1, 'a token needs at least one role'),
    city: z.enum(CITY_IDS).optional(),
  })
  .refine((claims) => !claims.roles.some((role) => CITY_ROLES.includes(role)) || claims.city, {
    message: 'city roles need the city claim',
    path: ['city'],
  });

/** Who is calling: the verified claims of the bearer token. */
export interface Principal {
  subject: string;
  name?: string;
  roles: Role[];
  city?: CityId;
}
