import { describe, expect, it } from 'vitest';
import { sessionOf } from '../src/auth/session';

const base64url = (value: object) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const tokenWith = (claims: object) => `${base64url({ alg: 'HS256' })}.${base64url(claims)}.sig`;

describe('the session of a token', () => {
  const now = Date.UTC(2026, 11, 1);
  const exp = now / 1000 + 3600;

  it('reads who signed in, in which roles and for which city', () => {
    expect(
      sessionOf(tokenWith({ sub: 'anna-müller', roles: ['city_staff'], city: 'marl', exp }), now),
    ).toMatchObject({
      subject: 'anna-müller',
      roles: ['city_staff'],
      city: 'marl',
      expiresAt: exp * 1000,
    });
  });

  it('is none for an expired token, one without roles, or one that is not a JWT', () => {
    expect(
      sessionOf(tokenWith({ sub: 'a', roles: ['reporting'], exp: now / 1000 - 1 }), now),
    ).toBeNull();
    expect(sessionOf(tokenWith({ sub: 'a', exp }), now)).toBeNull();
    expect(sessionOf('not-a-token', now)).toBeNull();
  });
});
