import type { CombinedError } from 'urql';
import { problemsOf } from '../api/problems';
import { label, SERVICE_LABELS } from '../labels';

/**
 * Says which part of the page is missing and why: a service that is down is named, and the rest
 * of the page shows what the other services answered.
 */
export function PartialNotice({ error }: { error: CombinedError | undefined }) {
  const problems = problemsOf(error);
  const messages = [...problems.forbidden, ...problems.other];
  if (problems.unavailable.length === 0 && messages.length === 0) return null;
  return (
    <div className="notice" role="alert" data-testid="partial-notice">
      {problems.unavailable.length > 0 && (
        <>
          <h2>Unvollständige Seite</h2>
          <ul>
            {problems.unavailable.map((entry) => (
              <li key={entry.service}>
                Der Dienst <strong>{label(SERVICE_LABELS, entry.service)}</strong> (
                <code>{entry.service}</code>) antwortet nicht; seine Angaben fehlen auf dieser
                Seite. Alles andere ist aktuell.
              </li>
            ))}
          </ul>
        </>
      )}
      {messages.length > 0 && (
        <ul>
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The place of data that did not come: named, so that a gap is never mistaken for a zero. */
export function Missing({ what }: { what: string }) {
  return <span className="missing">{what} fehlt</span>;
}
