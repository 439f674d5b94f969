import { join } from 'node:path';
import { commonEnv, loadConfig, port, z } from '@jobcenter/config';

/** Every environment variable of the dashboard's server (README: apps/dashboard/README.md). */
export const dashboardEnv = z.object({
  NODE_ENV: commonEnv.NODE_ENV,
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  PORT: port(4200),
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
});

export type DashboardConfig = z.infer<typeof dashboardEnv>;

export const loadDashboardConfig = (
  env: Record<string, string | undefined> = process.env,
): DashboardConfig => loadConfig(dashboardEnv, env);
