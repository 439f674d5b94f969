import { join } from 'node:path';
import { commonEnv, loadConfig, port, z } from '@jobcenter/config';

/** Every environment variable of the dashboard's server (README: apps/dashboard/README.md). */
export const dashboardEnv = z
  .object({
    HOST: commonEnv.HOST,
    NODE_ENV: commonEnv.NODE_ENV,
    LOG_LEVEL: commonEnv.LOG_LEVEL,
    PORT: port(4200),
    /**
     * The development sign-in (any role, any city, no password): `auto` serves it only outside
     * production and only on a loopback address (nobody else can reach it); `on` serves it on any
     * address (a shared development setup such as docker-compose.yml); `off` never.
     */
    DEVELOPMENT_SIGN_IN: z.enum(['auto', 'on', 'off']).default('auto'),
    /** The gateway the page's `/graphql` and `/reports/...` requests are passed to. */
    GATEWAY_URL: z.url().default('http://127.0.0.1:4000'),
    /** The built page (vite build). */
    STATIC_DIR: z.string().default(join(__dirname, 'client')),
    /**
     * Production: where the sign-in button sends the user (the identity provider's authorization
     * URL); the provider sends them back to the dashboard with `#access_token=...`.
     */
    SIGN_IN_URL: z.url().optional(),
    /** Development tokens (not in production) are signed like `npm run token` signs them. */
    AUTH_JWT_SECRET: commonEnv.AUTH_JWT_SECRET,
    AUTH_ISSUER: commonEnv.AUTH_ISSUER,
    AUTH_AUDIENCE: commonEnv.AUTH_AUDIENCE,
  })
  .refine((config) => !(config.NODE_ENV === 'production' && config.DEVELOPMENT_SIGN_IN === 'on'), {
    message: 'the development sign-in is never served in production (NODE_ENV=production)',
    path: ['DEVELOPMENT_SIGN_IN'],
  });

export type DashboardConfig = z.infer<typeof dashboardEnv>;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Whether the page offers the development sign-in (see DEVELOPMENT_SIGN_IN). */
export function developmentSignInServed(
  config: Pick<DashboardConfig, 'NODE_ENV' | 'DEVELOPMENT_SIGN_IN' | 'HOST'>,
): boolean {
  if (config.NODE_ENV === 'production' || config.DEVELOPMENT_SIGN_IN === 'off') return false;
  return config.DEVELOPMENT_SIGN_IN === 'on' || LOOPBACK.test(config.HOST);
}

export const loadDashboardConfig = (
  env: Record<string, string | undefined> = process.env,
): DashboardConfig => loadConfig(dashboardEnv, env);
