import { CITY_IDS, type CityId } from '@jobcenter/kernel';
import { z } from 'zod';

// The units' ids live in @jobcenter/kernel (the domain code's package); re-exported here, where
// the token's `city` claim is checked against them.
export { CITY_IDS, CITY_NAMES, DEPARTMENT_ID, type CityId } from '@jobcenter/kernel';

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
