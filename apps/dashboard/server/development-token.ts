import { CITY_IDS, CITY_ROLES, mintDevelopmentToken, ROLES } from '@jobcenter/auth';
import { z } from '@jobcenter/config';
import type { DashboardConfig } from './config';

/** What the development sign-in asks for: a role, the city of a city role, and who signs in. */
export const developmentSignIn = z
  .object({
    role: z.enum(ROLES),
    city: z.enum(CITY_IDS).optional(),
    subject: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-"')
      .optional(),
  })
  .refine((request) => !CITY_ROLES.includes(request.role) || request.city, {
    message: 'a city role needs a city',
    path: ['city'],
  });

/**
 * Mints a development token for the sign-in of the page (never in production): the subject is
 * the one given (board members sign in as the person whose seat they hold) or one made of role
 * and city.
 */
export async function developmentToken(
  body: unknown,
  config: Pick<DashboardConfig, 'AUTH_JWT_SECRET' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>,
): Promise<{ token: string } | { error: string; field: string }> {
  const request = developmentSignIn.safeParse(body);
  if (!request.success) {
    const [issue] = request.error.issues;
    const field = issue?.path.join('.') || 'body';
    return { error: `${field}: ${issue?.message ?? 'invalid'}`, field };
  }
  const { role, city, subject } = request.data;
  const token = await mintDevelopmentToken(
    {
      subject: subject ?? `dashboard-${role}${city ? `-${city}` : ''}`,
      roles: [role],
      city,
      expiresIn: '12h',
    },
    {
      jwtSecret: config.AUTH_JWT_SECRET,
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
    },
  );
  return { token };
}
