import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { may } from '../auth/permissions';
import { useSession } from '../auth/session-context';
import { problemsOf } from '../api/problems';
import { FigureTable } from '../components/FigureTable';
import { Loading } from '../components/Loading';
import { Missing, PartialNotice } from '../components/PartialNotice';
import { addMonths, dateLabel, monthLabel, monthsBetween } from '../format';
import { graphql } from '../gql';
import type { BoardPageQuery } from '../gql/graphql';
import { label, RESOLUTION_STATUS, SEAT_ROLE, VOTE } from '../labels';
import { period } from './period';

const BOARD = graphql(`
  query BoardPage($yearAgo: YearMonth!, $lastMonth: YearMonth!, $withBoardWork: Boolean!) {
    meetings(body: BOARD) @include(if: $withBoardWork) {
      id
      scheduledFor
      status
      heldAt
    }
    monthsWithoutBoardMeeting(from: $yearAgo, to: $lastMonth) @include(if: $withBoardWork)
    resolutions {
      id
      number
      status
      awaitingChairDecision
      decidedAt
      decidedBy {
        id
        name
      }
      submission {
        reference
        title
      }
      meeting @include(if: $withBoardWork) {
        id
        heldAt
        attendance {
          seat {
            id
            role
          }
          person {
            id
          }
        }
      }
      votes {
        seat {
          id
          role
        }
        vote
        castBy {
          name
        }
      }
    }
  }
`);

const DECIDE = graphql(`
  mutation DecideDissent($id: ID!, $decision: ChairDecision!) {
    decideDissent(resolutionId: $id, decision: $decision) {
      id
      status
      awaitingChairDecision
      decidedAt
      decidedBy {
        id
        name
      }
    }
  }
`);

type Resolution = BoardPageQuery['resolutions'][number];

/**
 * Who decides on dissent: the person in the chair's seat at that meeting, or in the deputy
 * chair's seat when the chair was absent (the governance service checks it again).
 */
export function decidesOn(resolution: Resolution, subject: string): boolean {
  const attendance = resolution.meeting?.attendance ?? [];
  const chair = attendance.find((entry) => entry.seat.role === 'CHAIR');
  const deciding = chair ?? attendance.find((entry) => entry.seat.role === 'DEPUTY_CHAIR');
  return deciding?.person.id === subject;
}

function DissentDecision({ resolution }: { resolution: Resolution }) {
  const [confirming, setConfirming] = useState<'ADOPT' | 'REJECT' | null>(null);
  const [{ fetching, error }, decide] = useMutation(DECIDE);
  const problems = problemsOf(error);
  const message = [
    ...Object.values(problems.fieldErrors),
    ...problems.forbidden,
    ...problems.other,
  ][0];
  return (
    <div className="decision" role="group" aria-label={`Entscheidung über ${resolution.number}`}>
      {confirming === null ? (
        <>
          <button type="button" onClick={() => setConfirming('ADOPT')}>
            Annehmen
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming('REJECT')}>
            Ablehnen
          </button>
        </>
      ) : (
        <>
          <p>
            {resolution.number} durch Entscheidung des Vorsitzes{' '}
            <strong>{confirming === 'ADOPT' ? 'annehmen' : 'ablehnen'}</strong>?
          </p>
          <button
            type="button"
            disabled={fetching}
            onClick={() => void decide({ id: resolution.id, decision: confirming })}
          >
            Entscheidung bestätigen
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
            Abbrechen
          </button>
        </>
      )}
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
    </div>
  );
}

/** The at-least-monthly calendar: each month held, planned or missing. */
function MeetingCalendar({
  meetings,
  missing,
  from,
  to,
}: {
  meetings: NonNullable<BoardPageQuery['meetings']>;
  missing: readonly string[];
  from: string;
  to: string;
}) {
  return (
    <ol className="calendar" aria-label="Sitzungskalender">
      {monthsBetween(from, to).map((month) => {
        const ofMonth = meetings.filter(
          (meeting) => (meeting.heldAt ?? meeting.scheduledFor).slice(0, 7) === month,
        );
        const held = ofMonth.find((meeting) => meeting.status === 'HELD');
        const planned = ofMonth.find((meeting) => meeting.status === 'SCHEDULED');
        const state = held
          ? 'held'
          : missing.includes(month)
            ? 'missing'
            : planned
              ? 'planned'
              : 'open';
        const text = {
          held: `Sitzung am ${dateLabel(held?.heldAt ?? '')}`,
          missing: 'keine Sitzung',
          planned: `geplant am ${dateLabel(planned?.scheduledFor ?? '')}`,
          open: 'noch keine Sitzung',
        }[state];
        return (
          <li key={month} className={`month month-${state}`}>
            <strong>{monthLabel(month)}</strong>
            <span>{text}</span>
          </li>
        );
      })}
    </ol>
  );
}

/** Vorstand: meetings, the monthly calendar, resolutions and how each was adopted. */
export function BoardPage() {
  const session = useSession();
  const months = period();
  const withBoardWork = may(session, 'boardWork');
  const [{ data, error, fetching }] = useQuery({
    query: BOARD,
    variables: { yearAgo: months.yearAgo, lastMonth: months.lastMonth, withBoardWork },
  });
  if (!data && fetching) return <Loading />;
  const resolutions = data?.resolutions ?? [];
  const open = resolutions.filter((resolution) => resolution.status === 'DISSENT');
  const decided = resolutions.filter((resolution) => resolution.status !== 'DISSENT');
  return (
    <>
      <h1>Vorstand</h1>
      <PartialNotice error={error} />
      <section aria-labelledby="dissent">
        <h2 id="dissent">Offene Dissens-Entscheidungen</h2>
        <p className="lead">
          Der Vorstand sucht den Konsens; fehlt die Einstimmigkeit, entscheidet der Vorsitz (bei
          seiner Abwesenheit die Stellvertretung).
        </p>
        {!data?.resolutions ? (
          <p>
            <Missing what="Beschlüsse" />
          </p>
        ) : open.length === 0 ? (
          <p>Keine offenen Entscheidungen.</p>
        ) : (
          <ul className="cards wide">
            {open.map((resolution) => (
              <li key={resolution.id} className="card" data-testid={`dissent-${resolution.number}`}>
                <h3>
                  {resolution.number}: {resolution.submission.title}
                </h3>
                {resolution.meeting?.heldAt && (
                  <p>Sitzung vom {dateLabel(resolution.meeting.heldAt)}.</p>
                )}
                <ul className="plain votes">
                  {resolution.votes.map((vote) => (
                    <li key={vote.seat.id}>
                      {label(SEAT_ROLE, vote.seat.role)}, {vote.castBy.name}:{' '}
                      <strong>{label(VOTE, vote.vote)}</strong>
                    </li>
                  ))}
                </ul>
                {decidesOn(resolution, session.subject) ? (
                  <DissentDecision resolution={resolution} />
                ) : (
                  <p className="sub">Entscheidet der Vorsitz.</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {data?.meetings && data.monthsWithoutBoardMeeting && (
        <section aria-labelledby="calendar">
          <h2 id="calendar">Sitzungen (mindestens monatlich)</h2>
          <MeetingCalendar
            meetings={data.meetings}
            missing={data.monthsWithoutBoardMeeting}
            from={months.yearAgo}
            to={addMonths(months.currentMonth, 2)}
          />
        </section>
      )}
      <section aria-labelledby="resolutions">
        <h2 id="resolutions">Beschlüsse</h2>
        <FigureTable
          testId="resolutions"
          columns={
            withBoardWork
              ? ['Nummer', 'Vorlage', 'Sitzung', 'Zustandekommen']
              : ['Nummer', 'Vorlage', 'Zustandekommen']
          }
        >
          {[...decided].reverse().map((resolution) => (
            <tr key={resolution.id} data-resolution={resolution.number}>
              <td className="nowrap">{resolution.number}</td>
              <td>
                {resolution.submission.title}{' '}
                <span className="sub">({resolution.submission.reference})</span>
              </td>
              {withBoardWork && (
                <td>{resolution.meeting?.heldAt ? dateLabel(resolution.meeting.heldAt) : '–'}</td>
              )}
              <td>
                {label(RESOLUTION_STATUS, resolution.status)}
                {resolution.decidedBy ? ` (${resolution.decidedBy.name})` : ''}
              </td>
            </tr>
          ))}
        </FigureTable>
      </section>
    </>
  );
}
