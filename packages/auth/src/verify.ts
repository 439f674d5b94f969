import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { principalClaims, type Principal, type Role, type CityId } from './roles';
import { unauthenticated } from './errors';

/**
 * Development signing key: a clearly marked default for local use and tests only.
 * Production sets AUTH_JWKS_URL (or its own AUTH_JWT_SECRET).
 */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

export interface AuthSettings {
  jwtSecret?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Production: refuse to run on the development key (set AUTH_JWKS_URL or AUTH_JWT_SECRET). */
  requireConfiguredKey?: boolean;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Principal | null>;

/**
 * Builds the bearer-token check of a subgraph. With a JWKS URL it verifies against the identity
 * provider's keys (RS256/ES256); otherwise against the HS256 secret (development default).
 * No header gives `null` (anonymous); a bad token throws UNAUTHENTICATED with the reason.
 */
export function createTokenVerifier(settings: AuthSettings): TokenVerifier {
  if (settings.requireConfiguredKey && !settings.jwksUrl && !settings.jwtSecret) {
    throw new Error(
      'In production tokens must be verified against AUTH_JWKS_URL (or an AUTH_JWT_SECRET of your own); the development key is refused',
    );
  }
  const key: Uint8Array | JWTVerifyGetKey = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl))
    : new TextEncoder().encode(settings.jwtSecret ?? DEVELOPMENT_JWT_SECRET);
  const algorithms = settings.jwksUrl ? ['RS256', 'ES256', 'PS256'] : ['HS256'];
  // A token once verified stays valid until it expires: its principal is kept until then, so that
  // the signature is checked once per token, not once per request.
  const verified = new LRUCache<string, { principal: Principal; expiresAt: number }>({
    max: 10_000,
  });

  return async (authorization) => {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const known = verified.get(match[1]);
    if (known && known.expiresAt > Date.now()) return known.principal;
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(match[1], key as Uint8Array, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw unauthenticated(`The token is not valid: ${(error as Error).message}`);
    }
    const claims = principalClaims.safeParse(payload);
    if (!claims.success) {
      const reasons = claims.error.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message}`,
      );
      throw unauthenticated(`The token's claims are not valid: ${reasons.join('; ')}`);
    }
    const { sub, name, roles, city } = claims.data;
    const principal: Principal = Object.freeze({ subject: sub, name, roles, city });
    const { exp } = payload as { exp: number };
    verified.set(match[1], { principal, expiresAt: exp * 1000 });
    return principal;
  };
}

export interface TokenRequest {
  subject: string;
  roles: Role[];
  city?: CityId;
  name?: string;
  expiresIn?: string;
}

/** Signs a development token (HS256). Tests and the `npm run token` CLI use it. */
export async function mintDevelopmentToken(
  request: TokenRequest,
  settings: Pick<AuthSettings, 'jwtSecret' | 'issuer' | 'audience'> = {
    issuer: 'jobcenter-dev',
    audience: 'jobcenter-graph',
  },
): Promise<string> {
  const claims = principalClaims.parse({
    sub: request.subject,
    roles: request.roles,
    city: request.city,
    name: request.name,
  });
  return new SignJWT({
    roles: claims.roles,
    ...(claims.city ? { city: claims.city } : {}),
    ...(claims.name ? { name: claims.name } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(settings.jwtSecret ?? DEVELOPMENT_JWT_SECRET));
}

/** The verifier as every service configures it from its environment (the AUTH_* variables). */
export function tokenVerifierFromEnvironment(config: {
  NODE_ENV: string;
  AUTH_JWT_SECRET?: string;
  AUTH_JWKS_URL?: string;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
}): TokenVerifier {
  return createTokenVerifier({
    jwtSecret: config.AUTH_JWT_SECRET,
    jwksUrl: config.AUTH_JWKS_URL,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    requireConfiguredKey: config.NODE_ENV === 'production',
  });
}
