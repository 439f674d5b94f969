/**
 * The signed-in user: a bearer token and the claims the page reads from it (which role, which
 * city, who). The services verify the token on every request; the page only decides what to ask
 * for and what to show.
 */
export interface Session {
  token: string;
  subject: string;
  roles: string[];
  city: string | null;
  expiresAt: number;
}

const STORAGE_KEY = 'jobcenter.dashboard.token';

function decodePayload(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The session of a token, or null when it cannot be read or has expired. */
export function sessionOf(token: string, now = Date.now()): Session | null {
  const claims = decodePayload(token);
  if (!claims || typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return null;
  const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
  if (expiresAt <= now) return null;
  return {
    token,
    subject: claims.sub,
    roles: claims.roles.filter((role): role is string => typeof role === 'string'),
    city: typeof claims.city === 'string' ? claims.city : null,
    expiresAt,
  };
}

/**
 * The token the identity provider hands over in the address (`#access_token=...`, as an OIDC
 * implicit or front-channel redirect does), taken out of the address at once; otherwise the one
 * kept for this browser tab.
 */
export function restoreSession(): Session | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const handedOver = fragment.get('access_token');
  if (handedOver) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    const session = sessionOf(handedOver);
    if (session) keepSession(session);
    return session;
  }
  const kept = sessionStorage.getItem(STORAGE_KEY);
  return kept ? sessionOf(kept) : null;
}

export const keepSession = (session: Session) => sessionStorage.setItem(STORAGE_KEY, session.token);

export const forgetSession = () => sessionStorage.removeItem(STORAGE_KEY);
