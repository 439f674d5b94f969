import type { CityId, Principal, Role } from './roles';
import { forbidden, unauthenticated } from './errors';

/** Throws UNAUTHENTICATED without a principal; returns it otherwise. */
export function requirePrincipal(principal: Principal | null | undefined): Principal {
  if (!principal) throw unauthenticated();
  return principal;
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}

/** The permission check of every resolver: signed in and holding one of `roles`. */
export function requireRole(
  principal: Principal | null | undefined,
  roles: readonly Role[],
  action: string,
): Principal {
  const caller = requirePrincipal(principal);
  if (!hasRole(caller, ...roles)) {
    throw forbidden(`${action} needs one of the roles ${roles.join(', ')}`);
  }
  return caller;
}

/**
 * Data owned by one city (its Bezirksstelle's data) may be written by that city's own staff
 * (`cityRoles`) or by the county roles given; nobody else, never another city's staff.
 */
export function requireCityWrite(
  principal: Principal | null | undefined,
  city: CityId | string,
  access: { cityRoles: readonly Role[]; countyRoles: readonly Role[]; action: string },
): Principal {
  const caller = requirePrincipal(principal);
  if (hasRole(caller, ...access.countyRoles)) return caller;
  if (hasRole(caller, ...access.cityRoles)) {
    if (caller.city === city) return caller;
    throw forbidden(`${access.action}: staff of ${caller.city} may not write data of ${city}`);
  }
  throw forbidden(
    `${access.action} needs one of the roles ${[...access.countyRoles, ...access.cityRoles].join(', ')}`,
  );
}
