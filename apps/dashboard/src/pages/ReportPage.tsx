import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { problemsOf } from '../api/problems';
import { ownDistrict } from '../auth/permissions';
import { useSession } from '../auth/session-context';
import { CaseloadForm, type CaseloadInput } from '../components/CaseloadForm';
import { DistrictPicker } from '../components/DistrictPicker';
import { FigureTable } from '../components/FigureTable';
import { Loading } from '../components/Loading';
import { PartialNotice } from '../components/PartialNotice';
import { count, dateLabel, euro, monthLabel } from '../format';
import { graphql } from '../gql';
import { period } from './period';

const REPORTS = graphql(`
  query ReportPage($id: ID!, $from: YearMonth!, $to: YearMonth!) {
    districts {
      id
      name
    }
    district(id: $id) {
      id
      name
      caseloadReports(from: $from, to: $to) {
        id
        month
        version
        benefitHouseholds
        eligibleJobseekers
        eligibleJobseekersUnder25
        longTermRecipients
        integrations
        subsistenceBenefits
        history {
          id
          version
          eligibleJobseekers
          reportedAt
          reportedBy
          correctionReason
        }
      }
    }
  }
`);

const REPORT = graphql(`
  mutation ReportCaseload($input: ReportCaseloadInput!) {
    reportCaseload(input: $input) {
      id
      month
      version
      eligibleJobseekers
    }
  }
`);

const CORRECT = graphql(`
  mutation CorrectCaseload($input: CorrectCaseloadReportInput!) {
    correctCaseloadReport(input: $input) {
      id
      month
      version
      eligibleJobseekers
    }
  }
`);

/** Meldung: a district office's staff enter the month's caseload; corrections keep the history. */
export function ReportPage() {
  const session = useSession();
  const own = ownDistrict(session);
  const [chosen, setChosen] = useState(own ?? 'castrop-rauxel');
  const districtId = own ?? chosen;
  const months = period();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: REPORTS,
    variables: { id: districtId, from: months.yearAgo, to: months.currentMonth },
  });
  const [reported, report] = useMutation(REPORT);
  const [corrected, correct] = useMutation(CORRECT);
  const [saved, setSaved] = useState<string | null>(null);
  const [lastError, setLastError] = useState<typeof reported.error>(undefined);
  const problems = problemsOf(lastError);
  const formError = [
    ...problems.forbidden,
    ...problems.other,
    ...problems.unavailable.map((entry) => entry.message),
  ][0];

  async function submit(input: CaseloadInput) {
    setSaved(null);
    const result = input.reason
      ? await correct({
          input: { districtId, month: input.month, figures: input.figures, reason: input.reason },
        })
      : await report({ input: { districtId, month: input.month, figures: input.figures } });
    setLastError(result.error);
    if (!result.error) {
      setSaved(`${monthLabel(input.month)} gespeichert.`);
      refetch({ requestPolicy: 'network-only' });
    }
  }

  if (!data && fetching) return <Loading />;
  const reports = data?.district?.caseloadReports ?? [];
  return (
    <>
      <h1>Meldung der Fallzahlen</h1>
      <PartialNotice error={error} />
      {own ? (
        <p className="lead">{data?.district?.name}</p>
      ) : (
        <DistrictPicker districts={data?.districts ?? []} value={districtId} onChange={setChosen} />
      )}
      {saved && (
        <p role="status" className="success">
          {saved}
        </p>
      )}
      <CaseloadForm
        key={districtId}
        reportedMonths={reports.map((entry) => entry.month)}
        defaultMonth={months.currentMonth}
        maxMonth={months.currentMonth}
        fieldErrors={problems.fieldErrors}
        formError={formError}
        busy={reported.fetching || corrected.fetching}
        onSubmit={(input) => void submit(input)}
      />
      <section aria-labelledby="history">
        <h2 id="history">Gemeldete Monate</h2>
        <FigureTable
          testId="reported-months"
          columns={[
            'Monat',
            'eLb',
            'davon U25',
            'BG',
            'LZB',
            'Integrationen',
            'Leistungen',
            'Fassungen',
          ]}
        >
          {[...reports].reverse().map((entry) => (
            <tr key={entry.id} data-month={entry.month}>
              <th scope="row">{monthLabel(entry.month)}</th>
              <td className="number">{count(entry.eligibleJobseekers)}</td>
              <td className="number">{count(entry.eligibleJobseekersUnder25)}</td>
              <td className="number">{count(entry.benefitHouseholds)}</td>
              <td className="number">{count(entry.longTermRecipients)}</td>
              <td className="number">{count(entry.integrations)}</td>
              <td className="number">{euro(entry.subsistenceBenefits)}</td>
              <td>
                {entry.history.length > 1 ? (
                  <details>
                    <summary>{entry.history.length} Fassungen</summary>
                    <ol>
                      {entry.history.map((version) => (
                        <li key={version.id}>
                          Fassung {version.version} vom {dateLabel(version.reportedAt)} (
                          {version.reportedBy}): {count(version.eligibleJobseekers)} eLb
                          {version.correctionReason ? `; Grund: ${version.correctionReason}` : ''}
                        </li>
                      ))}
                    </ol>
                  </details>
                ) : (
                  'Erstmeldung'
                )}
              </td>
            </tr>
          ))}
        </FigureTable>
      </section>
    </>
  );
}
