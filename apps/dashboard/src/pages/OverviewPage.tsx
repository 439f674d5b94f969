import { Link } from 'wouter';
import { may } from '../auth/permissions';
import { useSession } from '../auth/session-context';
import { Chart } from '../charts/Chart';
import { sparklineOption } from '../charts/series';
import { FigureTable } from '../components/FigureTable';
import { Loading } from '../components/Loading';
import { Missing, PartialNotice } from '../components/PartialNotice';
import { count, euroRounded, fte, monthLabel, percent } from '../format';
import { graphql } from '../gql';
import { CONSENT_PARTY, label, POSITION, TRANSFER_KIND } from '../labels';
import { useLiveQuery } from '../live/live-query';
import { period } from './period';

const OVERVIEW = graphql(`
  query Overview(
    $trendFrom: YearMonth!
    $lastMonth: YearMonth!
    $yearAgo: YearMonth!
    $fiscalYear: Int!
    $withBenchmark: Boolean!
    $withFunds: Boolean!
    $withBudget: Boolean!
    $withBoardWork: Boolean!
    $withResolutions: Boolean!
    $withAppointments: Boolean!
    $withTransfers: Boolean!
  ) {
    units {
      id
      name
      kind
    }
    districts {
      id
      name
      latestCaseloadReport {
        month
        benefitHouseholds
        eligibleJobseekers
        longTermRecipients
      }
      caseloadReports(from: $trendFrom, to: $lastMonth) {
        month
        eligibleJobseekers
      }
      staffingRequirement {
        benefits {
          ...CaseworkFigures
        }
        integration {
          ...CaseworkFigures
        }
      }
      budgetAllocation(fiscalYear: $fiscalYear) @include(if: $withFunds) {
        allocated
        spent
        remaining
      }
      benchmark(month: $lastMonth) @include(if: $withBenchmark) {
        k1 {
          value
          rank
        }
        k2 {
          value
          rank
        }
        k3 {
          value
          rank
        }
      }
    }
    budget(fiscalYear: $fiscalYear) @include(if: $withBudget) {
      centralPool
      decentralPool
    }
    openDissentDecisions @include(if: $withResolutions) {
      id
      number
      submission {
        title
      }
    }
    monthsWithoutBoardMeeting(from: $yearAgo, to: $lastMonth) @include(if: $withBoardWork)
    appointments(status: PENDING) @include(if: $withAppointments) {
      id
      position
      proposedAt
      post {
        reference
        district {
          name
        }
      }
    }
    transfers(status: OPEN) @include(if: $withTransfers) {
      id
      kind
      city
      consents {
        party
        consent
      }
    }
  }
`);

type Staffing = { requiredFte: number; heldFte: number; gapFte: number };

const sumStaffing = (a: Staffing, b: Staffing): Staffing => ({
  requiredFte: a.requiredFte + b.requiredFte,
  heldFte: a.heldFte + b.heldFte,
  gapFte: a.gapFte + b.gapFte,
});

function Indicator({
  name,
  indicator,
}: {
  name: string;
  indicator?: { value?: number | null; rank?: number | null } | null;
}) {
  return (
    <span className="block">
      <span className="sub">{name} </span>
      {indicator ? percent(indicator.value) : <Missing what={name} />}
      {indicator?.rank ? <span className="rank"> ({indicator.rank})</span> : null}
    </span>
  );
}

/** Überblick: the eleven units side by side, and what waits for the board. */
export function OverviewPage() {
  const session = useSession();
  const months = period();
  const flags = {
    withBenchmark: may(session, 'benchmark'),
    withFunds: may(session, 'districtFunds'),
    withBudget: may(session, 'budget'),
    withBoardWork: may(session, 'boardWork'),
    withResolutions: may(session, 'resolutions'),
    withAppointments: may(session, 'appointments'),
    withTransfers: may(session, 'transfers'),
  };
  const [{ data, error, fetching }] = useLiveQuery({
    query: OVERVIEW,
    variables: { ...months, ...flags },
  });
  if (!data && fetching) return <Loading />;
  const districts = data?.districts ?? [];
  const department = data?.units.find((unit) => unit.kind === 'DEPARTMENT');
  return (
    <>
      <h1>Überblick</h1>
      <PartialNotice error={error} />
      <p className="lead">
        Die elf Teile des Jobcenters: zehn Bezirksstellen und der Fachbereich. Vergleichsmonat für
        K1–K3: {monthLabel(months.lastMonth)}. Die Seite aktualisiert sich selbst.
      </p>
      <section aria-labelledby="waiting">
        <h2 id="waiting">Was auf den Vorstand wartet</h2>
        <ul className="cards">
          {flags.withResolutions && (
            <li className="card">
              <h3>Offene Dissens-Entscheidungen</h3>
              {data?.openDissentDecisions?.length ? (
                <ul>
                  {data.openDissentDecisions.map((resolution) => (
                    <li key={resolution.id}>
                      <Link href="/vorstand">
                        {resolution.number}: {resolution.submission.title}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : data?.openDissentDecisions ? (
                <p>Keine.</p>
              ) : (
                <Missing what="Angabe" />
              )}
            </li>
          )}
          {flags.withBoardWork && (
            <li className="card">
              <h3>Monate ohne Vorstandssitzung</h3>
              {data?.monthsWithoutBoardMeeting ? (
                data.monthsWithoutBoardMeeting.length ? (
                  <p className="warning">
                    {data.monthsWithoutBoardMeeting.map(monthLabel).join(', ')}
                  </p>
                ) : (
                  <p>Keine in den letzten zwölf Monaten.</p>
                )
              ) : (
                <Missing what="Angabe" />
              )}
            </li>
          )}
          {flags.withAppointments && (
            <li className="card">
              <h3>Besetzungen im Benehmen mit dem Vorstand</h3>
              {data?.appointments ? (
                data.appointments.length ? (
                  <ul>
                    {data.appointments.map((appointment) => (
                      <li key={appointment.id}>
                        {label(POSITION, appointment.position)}
                        {appointment.post.district ? ` ${appointment.post.district.name}` : ''} (
                        {appointment.post.reference})
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>Keine.</p>
                )
              ) : (
                <Missing what="Angabe" />
              )}
            </li>
          )}
          {flags.withTransfers && (
            <li className="card">
              <h3>Überleitungen, die auf Zustimmung warten</h3>
              {data?.transfers ? (
                data.transfers.length ? (
                  <ul>
                    {data.transfers.map((transfer) => (
                      <li key={transfer.id}>
                        {label(TRANSFER_KIND, transfer.kind)}: offen bei{' '}
                        {transfer.consents
                          .filter((consent) => consent.consent === null)
                          .map((consent) => label(CONSENT_PARTY, consent.party))
                          .join(', ') || '–'}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>Keine.</p>
                )
              ) : (
                <Missing what="Angabe" />
              )}
            </li>
          )}
        </ul>
      </section>
      <section aria-labelledby="units">
        <h2 id="units">Die elf Teile</h2>
        <FigureTable
          caption="Fallzahlen, Personal, Eingliederungsmittel und Kennzahlen je Bezirksstelle"
          captionHidden
          testId="overview-table"
          columns={[
            'Einheit',
            'eLb (letzter Monat)',
            'Verlauf 24 Monate',
            'BG',
            'Personal Soll / Ist / Lücke (VZÄ)',
            flags.withFunds && 'Eingliederungsmittel zugewiesen',
            flags.withBenchmark && 'K1 / K2 / K3 (Rang)',
          ]}
        >
          {districts.map((district) => {
            const staffing = district.staffingRequirement
              ? sumStaffing(
                  district.staffingRequirement.benefits,
                  district.staffingRequirement.integration,
                )
              : null;
            const report = district.latestCaseloadReport;
            return (
              <tr key={district.id} data-district={district.id}>
                <th scope="row">
                  <Link href={`/bezirksstelle/${district.id}`}>{district.name}</Link>
                </th>
                <td className="number" data-testid={`elb-${district.id}`}>
                  {report ? (
                    <>
                      {count(report.eligibleJobseekers)}
                      <span className="sub"> {monthLabel(report.month)}</span>
                    </>
                  ) : (
                    'keine Meldung'
                  )}
                </td>
                <td className="spark">
                  <Chart
                    title={`eLb von ${district.name}, ${monthLabel(months.trendFrom)} bis ${monthLabel(months.lastMonth)}`}
                    option={sparklineOption(
                      district.caseloadReports,
                      months.trendFrom,
                      months.lastMonth,
                    )}
                    height={36}
                    width={130}
                    captionHidden
                  />
                </td>
                <td className="number">{report ? count(report.benefitHouseholds) : '–'}</td>
                <td className="number">
                  {staffing ? (
                    <>
                      {fte(staffing.requiredFte)} / {fte(staffing.heldFte)} /{' '}
                      <strong className={staffing.gapFte > 0 ? 'gap' : undefined}>
                        {fte(staffing.gapFte)}
                      </strong>
                    </>
                  ) : (
                    <Missing what="Personal" />
                  )}
                </td>
                {flags.withFunds && (
                  <td className="number">
                    {district.budgetAllocation ? (
                      <>
                        {euroRounded(district.budgetAllocation.allocated)}
                        <span className="sub block">
                          verausgabt {euroRounded(district.budgetAllocation.spent)}
                        </span>
                        <span className="sub block">
                          frei {euroRounded(district.budgetAllocation.remaining)}
                        </span>
                      </>
                    ) : (
                      <Missing what="Zuweisung" />
                    )}
                  </td>
                )}
                {flags.withBenchmark && (
                  <td className="number">
                    <Indicator name="K1" indicator={district.benchmark?.k1} />
                    <Indicator name="K2" indicator={district.benchmark?.k2} />
                    <Indicator name="K3" indicator={district.benchmark?.k3} />
                  </td>
                )}
              </tr>
            );
          })}
          {department && (
            <tr data-district={department.id}>
              <th scope="row">{department.name}</th>
              <td colSpan={4}>Zentrale Aufgaben des Kreises (keine eigenen Fallzahlen)</td>
              {flags.withFunds && (
                <td className="number">
                  {data?.budget ? `zentral: ${euroRounded(data.budget.centralPool)}` : '–'}
                </td>
              )}
              {flags.withBenchmark && <td></td>}
            </tr>
          )}
        </FigureTable>
      </section>
    </>
  );
}
