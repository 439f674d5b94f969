import { useQuery } from 'urql';
import { useLocation } from 'wouter';
import { may, ownDistrict } from '../auth/permissions';
import { useSession } from '../auth/session-context';
import { Chart } from '../charts/Chart';
import { caseloadOption, indicatorOption, type IndicatorKey } from '../charts/series';
import { DistrictPicker } from '../components/DistrictPicker';
import { FigureTable } from '../components/FigureTable';
import { Loading } from '../components/Loading';
import { Missing, PartialNotice } from '../components/PartialNotice';
import { count, dateLabel, euro, fte, monthLabel, percent } from '../format';
import { graphql } from '../gql';
import {
  CONTROLLING_STATUS,
  EMPLOYER,
  ENTRY_KIND,
  label,
  STAFF_FUNCTION,
  TARGET_INDICATOR,
} from '../labels';
import { period } from './period';

const DISTRICT = graphql(`
  query DistrictPage(
    $id: ID!
    $trendFrom: YearMonth!
    $lastMonth: YearMonth!
    $benchmarkFrom: YearMonth!
    $fiscalYear: Int!
    $withBenchmark: Boolean!
    $withFunds: Boolean!
    $withTargets: Boolean!
  ) {
    districts {
      id
      name
    }
    district(id: $id) {
      id
      name
      city
      sizeGroup
      address {
        street
        postalCode
        town
      }
      caseloadReports(from: $trendFrom, to: $lastMonth) {
        month
        version
        benefitHouseholds
        eligibleJobseekers
        eligibleJobseekersUnder25
        longTermRecipients
        integrations
        subsistenceBenefits
      }
      staff {
        function
        employer
        headcount
        fte
      }
      staffingRequirement {
        caseloadMonth
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
      spendingEntries(fiscalYear: $fiscalYear) @include(if: $withFunds) {
        id
        kind
        amount
        purpose
        legalBasis
        bookedOn
        documentReference
        reversalOf {
          id
        }
      }
      targetAgreements(year: $fiscalYear) @include(if: $withTargets) {
        id
        year
        status
        houseOfSocialServicesScope
        guideScope
        concludedBy {
          number
        }
        targets {
          id
          indicator
          targetValue
          actualValue
          status
          explanation
        }
      }
    }
    benchmarks(from: $benchmarkFrom, to: $lastMonth) @include(if: $withBenchmark) {
      month
      county {
        k1 {
          value
        }
        k2 {
          value
        }
        k3 {
          value
        }
      }
      districts {
        district {
          id
        }
        k1 {
          value
        }
        k2 {
          value
        }
        k3 {
          value
        }
      }
    }
  }
`);

const INDICATORS: { key: IndicatorKey; title: string }[] = [
  { key: 'k1', title: 'K1: Veränderung der Leistungen zum Lebensunterhalt (niedriger ist besser)' },
  { key: 'k2', title: 'K2: Integrationsquote (höher ist besser)' },
  { key: 'k3', title: 'K3: Veränderung der Langzeitleistungsbeziehenden (niedriger ist besser)' },
];

/** Spending grouped by legal basis (the category of the measure), reversals deducted. */
function spendingByCategory(
  entries: readonly { legalBasis: string; kind: string; amount: number }[],
) {
  const sums = new Map<string, { commitments: number; expenditures: number }>();
  for (const entry of entries) {
    const sum = sums.get(entry.legalBasis) ?? { commitments: 0, expenditures: 0 };
    if (entry.kind === 'COMMITMENT') sum.commitments += entry.amount;
    else sum.expenditures += entry.amount;
    sums.set(entry.legalBasis, sum);
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Bezirksstelle: one district office over time. */
export function DistrictPage({ districtId }: { districtId?: string }) {
  const session = useSession();
  const [, navigate] = useLocation();
  const months = period();
  const id = districtId ?? ownDistrict(session) ?? 'castrop-rauxel';
  const [{ data, error, fetching }] = useQuery({
    query: DISTRICT,
    variables: {
      id,
      trendFrom: months.trendFrom,
      lastMonth: months.lastMonth,
      benchmarkFrom: months.yearAgo,
      fiscalYear: months.fiscalYear,
      withBenchmark: may(session, 'benchmark'),
      withFunds: may(session, 'districtFunds'),
      withTargets: may(session, 'targetAgreements'),
    },
  });
  if (!data && fetching) return <Loading />;
  const district = data?.district;
  return (
    <>
      <h1>Bezirksstelle{district ? ` ${district.city}` : ''}</h1>
      <DistrictPicker
        districts={data?.districts ?? []}
        value={id}
        onChange={(next) => navigate(`/bezirksstelle/${next}`)}
      />
      <PartialNotice error={error} />
      {!district ? (
        <p>Diese Bezirksstelle ist nicht bekannt.</p>
      ) : (
        <>
          <p className="lead">
            {district.address.street}, {district.address.postalCode} {district.address.town}
          </p>
          <section aria-labelledby="caseload">
            <h2 id="caseload">Fallzahlen</h2>
            <Chart
              title={`Fallzahlen von ${district.name}, ${monthLabel(months.trendFrom)} bis ${monthLabel(months.lastMonth)}`}
              option={caseloadOption(district.caseloadReports, months.trendFrom, months.lastMonth)}
              height={300}
            />
          </section>
          {data.benchmarks && (
            <section aria-labelledby="indicators">
              <h2 id="indicators">Kennzahlen nach § 48a SGB II gegenüber dem Kreis</h2>
              <div className="chart-grid">
                {INDICATORS.map((indicator) => (
                  <Chart
                    key={indicator.key}
                    title={indicator.title}
                    option={indicatorOption(
                      data.benchmarks!,
                      district.id,
                      indicator.key,
                      district.city,
                    )}
                  />
                ))}
              </div>
            </section>
          )}
          <section aria-labelledby="staffing">
            <h2 id="staffing">Personal nach Funktion</h2>
            {district.staffingRequirement ? (
              <p>
                Nach dem Personalschlüssel (Fallzahlen{' '}
                {monthLabel(district.staffingRequirement.caseloadMonth)}): Leistungssachbearbeitung
                Soll {fte(district.staffingRequirement.benefits.requiredFte)}, Ist{' '}
                {fte(district.staffingRequirement.benefits.heldFte)}, Lücke{' '}
                {fte(district.staffingRequirement.benefits.gapFte)} VZÄ; Integrationssachbearbeitung
                Soll {fte(district.staffingRequirement.integration.requiredFte)}, Ist{' '}
                {fte(district.staffingRequirement.integration.heldFte)}, Lücke{' '}
                {fte(district.staffingRequirement.integration.gapFte)} VZÄ.
              </p>
            ) : (
              <Missing what="Personalbedarf" />
            )}
            <FigureTable columns={['Funktion', 'Arbeitgeber', 'Köpfe', 'VZÄ']}>
              {district.staff.map((row) => (
                <tr key={`${row.function}-${row.employer}`}>
                  <td>{label(STAFF_FUNCTION, row.function)}</td>
                  <td>{label(EMPLOYER, row.employer)}</td>
                  <td className="number">{count(row.headcount)}</td>
                  <td className="number">{fte(row.fte)}</td>
                </tr>
              ))}
            </FigureTable>
          </section>
          {district.budgetAllocation !== undefined && (
            <section aria-labelledby="spending">
              <h2 id="spending">
                Eingliederungsmittel {months.fiscalYear} und Verwendungsnachweis
              </h2>
              {district.budgetAllocation ? (
                <p>
                  Zugewiesen {euro(district.budgetAllocation.allocated)}, gebunden und verausgabt{' '}
                  {euro(district.budgetAllocation.spent)}, frei{' '}
                  {euro(district.budgetAllocation.remaining)}.
                </p>
              ) : (
                <p>Für {months.fiscalYear} ist noch nichts zugewiesen.</p>
              )}
              {district.spendingEntries && district.spendingEntries.length > 0 && (
                <>
                  <FigureTable
                    caption="Nach Rechtsgrundlage"
                    columns={['Rechtsgrundlage', 'Mittelbindungen', 'Ausgaben']}
                  >
                    {spendingByCategory(district.spendingEntries).map(([basis, sum]) => (
                      <tr key={basis}>
                        <td>{basis}</td>
                        <td className="number">{euro(sum.commitments)}</td>
                        <td className="number">{euro(sum.expenditures)}</td>
                      </tr>
                    ))}
                  </FigureTable>
                  <details>
                    <summary>Einzelnachweise ({district.spendingEntries.length})</summary>
                    <FigureTable columns={['Gebucht', 'Art', 'Zweck', 'Beleg', 'Betrag']}>
                      {district.spendingEntries.map((entry) => (
                        <tr key={entry.id}>
                          <td>{dateLabel(entry.bookedOn)}</td>
                          <td>
                            {label(ENTRY_KIND, entry.kind)}
                            {entry.reversalOf ? ' (Storno)' : ''}
                          </td>
                          <td>{entry.purpose}</td>
                          <td>{entry.documentReference}</td>
                          <td className="number">{euro(entry.amount)}</td>
                        </tr>
                      ))}
                    </FigureTable>
                  </details>
                </>
              )}
            </section>
          )}
          {district.targetAgreements && (
            <section aria-labelledby="targets">
              <h2 id="targets">Zielvereinbarung und Umsetzungscontrolling</h2>
              {district.targetAgreements.length === 0 && (
                <p>Für {months.fiscalYear} keine Zielvereinbarung.</p>
              )}
              {district.targetAgreements.map((agreement) => (
                <div key={agreement.id}>
                  <p>
                    Zielvereinbarung {agreement.year}:{' '}
                    {agreement.concludedBy
                      ? `geschlossen (Beschluss ${agreement.concludedBy.number})`
                      : 'Entwurf'}
                    .
                  </p>
                  <dl>
                    <dt>Haus der sozialen Leistungen</dt>
                    <dd>{agreement.houseOfSocialServicesScope}</dd>
                    <dt>Lotsenfunktion</dt>
                    <dd>{agreement.guideScope}</dd>
                  </dl>
                  <FigureTable columns={['Ziel', 'Soll', 'Ist', 'Stand']}>
                    {agreement.targets.map((target) => (
                      <tr key={target.id}>
                        <td>{label(TARGET_INDICATOR, target.indicator)}</td>
                        <td className="number">{percent(target.targetValue)}</td>
                        <td className="number">{percent(target.actualValue)}</td>
                        <td>
                          <span className={`status status-${target.status.toLowerCase()}`}>
                            {label(CONTROLLING_STATUS, target.status)}
                          </span>{' '}
                          <span className="sub">{target.explanation}</span>
                        </td>
                      </tr>
                    ))}
                  </FigureTable>
                </div>
              ))}
            </section>
          )}
        </>
      )}
    </>
  );
}
