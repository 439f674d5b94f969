import { useEffect, useState, type FormEvent } from 'react';
import { CITY_LABELS, ROLE_LABELS } from '../labels';
import { sessionOf, type Session } from './session';

interface AuthConfig {
  developmentSignIn: boolean;
  signInUrl: string | null;
}

const CITY_ROLES = ['city_staff', 'city_hr'];

/**
 * Who a board role signs in as in development: the token's subject is the person whose seat they
 * take (the demo board's people); the board decides by seat, so the chair signs in as the chair.
 */
const BOARD_PEOPLE: Record<string, { id: string; name: string }[]> = {
  board_chair: [{ id: 'landrat', name: 'Landrätin (Vorsitz)' }],
  board_member: [
    { id: 'fb-leitung', name: 'Fachbereichsleitung (stellv. Vorsitz)' },
    { id: 'dezernent-datteln', name: 'Sozialdezernent Datteln (kleinere Städte)' },
    { id: 'dezernent-herten', name: 'Sozialdezernentin Herten (mittlere Städte)' },
    { id: 'dezernent-recklinghausen', name: 'Sozialdezernent Recklinghausen (größere Städte)' },
  ],
};

/**
 * Sign-in. In development: pick a role (and a city, or the board seat's person) and the
 * dashboard's server mints a development token. In production the identity provider signs in and
 * hands the token back in the address (see the README).
 */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [role, setRole] = useState('board_chair');
  const [city, setCity] = useState('marl');
  const [person, setPerson] = useState('landrat');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetch('/auth/config')
      .then((response) => response.json() as Promise<AuthConfig>)
      .then(setConfig)
      .catch(() => setError('Der Dashboard-Server antwortet nicht.'));
  }, []);

  const people = BOARD_PEOPLE[role];
  const chooseRole = (next: string) => {
    setRole(next);
    setPerson(BOARD_PEOPLE[next]?.[0]?.id ?? '');
  };

  async function signIn(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/auth/development-token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          role,
          ...(CITY_ROLES.includes(role) ? { city } : {}),
          ...(people ? { subject: person } : {}),
        }),
      });
      const answer = (await response.json()) as { token?: string; error?: string };
      const session = answer.token ? sessionOf(answer.token) : null;
      if (!session) throw new Error(answer.error ?? 'Kein Token erhalten');
      onSignedIn(session);
    } catch (failure) {
      setError(`Anmeldung fehlgeschlagen: ${(failure as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <h1>Jobcenter Kreis Recklinghausen</h1>
      <p>
        Dashboard des Vorstands: Kennzahlen, Beschlüsse, Budget und Personal der elf Teile des
        Jobcenters.
      </p>
      {config === null && !error && <p role="status">Lädt…</p>}
      {config && !config.developmentSignIn && (
        <p>
          {config.signInUrl ? (
            <a className="button" href={config.signInUrl}>
              Anmelden
            </a>
          ) : (
            'Die Anmeldung beim Identitätsanbieter ist nicht eingerichtet (SIGN_IN_URL).'
          )}
        </p>
      )}
      {config?.developmentSignIn && (
        // signIn catches its own failures and shows them in the form: nothing to await.
        <form onSubmit={(event) => void signIn(event)} aria-describedby="sign-in-hint">
          <h2>Anmeldung (Entwicklung)</h2>
          <p id="sign-in-hint">
            Nur außerhalb der Produktion: Das Dashboard erhält ein Entwicklungs-Token für die
            gewählte Rolle.
          </p>
          <label htmlFor="sign-in-role">Rolle</label>
          <select
            id="sign-in-role"
            value={role}
            onChange={(event) => chooseRole(event.target.value)}
          >
            {Object.entries(ROLE_LABELS).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
          {CITY_ROLES.includes(role) && (
            <>
              <label htmlFor="sign-in-city">Stadt</label>
              <select
                id="sign-in-city"
                value={city}
                onChange={(event) => setCity(event.target.value)}
              >
                {Object.entries(CITY_LABELS).map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </select>
            </>
          )}
          {people && (
            <>
              <label htmlFor="sign-in-person">Person (Sitz im Vorstand)</label>
              <select
                id="sign-in-person"
                value={person}
                onChange={(event) => setPerson(event.target.value)}
              >
                {people.map((entry) => (
                  <option key={entry.id} value={entry.id}>
                    {entry.name}
                  </option>
                ))}
              </select>
            </>
          )}
          <button type="submit" disabled={busy}>
            Anmelden
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </main>
  );
}
