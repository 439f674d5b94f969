import { useState } from 'react';
import { useQuery } from 'urql';
import { may } from '../auth/permissions';
import { useSession } from '../auth/session-context';
import { Chart } from '../charts/Chart';
import { allocationOption } from '../charts/series';
import { FigureTable } from '../components/FigureTable';
import { Loading } from '../components/Loading';
import { Missing, PartialNotice } from '../components/PartialNotice';
import { failed } from '../api/problems';
import { euro } from '../format';
import { graphql } from '../gql';
import { CATEGORY, INDICATOR, label, SOURCE } from '../labels';
import { period } from './period';

const BUDGET = graphql(`
  query BudgetPage($fiscalYear: Int!, $quarter: Int, $withProposal: Boolean!) {
    budget(fiscalYear: $fiscalYear) {
      fiscalYear
      total
      integrationFunds
      centralPool
      decentralPool
      lines {
        category
        source
        amount
      }
      poolSplit {
        decentralShareBasisPoints
        criteria
      }
    }
    allocation(fiscalYear: $fiscalYear) {
      id
      pool
      adoptedAt
      resolution {
        id
        number
      }
      proposal @include(if: $withProposal) {
        model {
          kind
        }
        districts {
          district {
            id
            name
          }
          amount
          caseloadMonth
          contributions {
            indicator
            amount
            explanation
          }
        }
      }
      districts {
        district {
          id
          name
        }
        allocated
        spent
        remaining
      }
    }
    budgetReport(fiscalYear: $fiscalYear, quarter: $quarter) {
      period {
        from
        to
      }
      byCategory {
        category
        amount
      }
      bySource {
        source
        amount
      }
      totals {
        allocated
        committed
        expended
        spentToDate
        remaining
      }
    }
  }
`);

/** The CSV of the report, fetched with the user's token and saved as a file. */
async function downloadReport(token: string, year: number, quarter: number | null) {
  const query = quarter ? `?quarter=${quarter}` : '';
  const response = await fetch(`/reports/budget/${year}.csv${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`Der Bericht kam nicht (HTTP ${response.status})`);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `bericht-bund-land-${year}${quarter ? `-q${quarter}` : ''}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Budget: the year's pools, the allocation by social space, and the report to Bund and Land. */
export function BudgetPage() {
  const session = useSession();
  const { fiscalYear } = period();
  const [quarter, setQuarter] = useState<number | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [{ data, error, fetching }] = useQuery({
    query: BUDGET,
    variables: { fiscalYear, quarter, withProposal: may(session, 'allocationProposal') },
  });
  if (!data && fetching) return <Loading />;
  const budget = data?.budget;
  const allocation = data?.allocation;
  const report = data?.budgetReport;
  return (
    <>
      <h1>Budget {fiscalYear}</h1>
      <PartialNotice error={error} />
      {budget && (
        <section aria-labelledby="pools">
          <h2 id="pools">Haushalt und Töpfe</h2>
          <p className="lead">
            Gesamt {euro(budget.total)}, davon Eingliederungsmittel {euro(budget.integrationFunds)}:
            zentral bewirtschaftet {euro(budget.centralPool)}, dezentral in den Bezirksstellen{' '}
            {euro(budget.decentralPool)}
            {budget.poolSplit
              ? ` (${budget.poolSplit.decentralShareBasisPoints / 100} % dezentral: ${budget.poolSplit.criteria})`
              : ' (noch keine Aufteilung beschlossen)'}
            .
          </p>
          <FigureTable columns={['Haushaltsart', 'Träger', 'Ansatz']}>
            {budget.lines.map((line) => (
              <tr key={`${line.category}-${line.source}`}>
                <td>{label(CATEGORY, line.category)}</td>
                <td>{label(SOURCE, line.source)}</td>
                <td className="number">{euro(line.amount)}</td>
              </tr>
            ))}
          </FigureTable>
        </section>
      )}
      <section aria-labelledby="allocation">
        <h2 id="allocation">Verteilung nach Sozialraum</h2>
        {!allocation ? (
          failed(error, 'allocation') ? (
            <p>
              <Missing what="Verteilung" />
            </p>
          ) : (
            <p>Für {fiscalYear} hat der Vorstand noch keine Verteilung beschlossen.</p>
          )
        ) : (
          <>
            <p>
              {euro(allocation.pool)} dezentrale Eingliederungsmittel, beschlossen mit{' '}
              {allocation.resolution.number ?? 'Beschluss'}; verteilt nach Bedarfsindikatoren, nicht
              gleichmäßig.
            </p>
            {allocation.proposal && (
              <>
                <Chart
                  title="Betrag je Bezirksstelle, aufgeteilt nach dem Beitrag jedes Indikators"
                  option={allocationOption(allocation.proposal.districts, (indicator) =>
                    label(INDICATOR, indicator),
                  )}
                  height={340}
                />
                <FigureTable
                  caption="Wie sich jeder Betrag zusammensetzt"
                  testId="allocation-explained"
                  columns={['Bezirksstelle', 'Betrag', 'Beiträge der Indikatoren']}
                >
                  {allocation.proposal.districts.map((entry) => (
                    <tr key={entry.district.id}>
                      <th scope="row">{entry.district.name}</th>
                      <td className="number">{euro(entry.amount)}</td>
                      <td>
                        <ul className="plain">
                          {entry.contributions.map((contribution) => (
                            <li key={contribution.indicator}>
                              {label(INDICATOR, contribution.indicator)}:{' '}
                              {euro(contribution.amount)}{' '}
                              <span className="sub">{contribution.explanation}</span>
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </FigureTable>
              </>
            )}
            <FigureTable
              caption="Zugewiesen, gebunden und verausgabt, frei"
              columns={['Bezirksstelle', 'Zugewiesen', 'Gebunden/verausgabt', 'Frei']}
            >
              {allocation.districts.map((entry) => (
                <tr key={entry.district.id}>
                  <th scope="row">{entry.district.name}</th>
                  <td className="number">{euro(entry.allocated)}</td>
                  <td className="number">{euro(entry.spent)}</td>
                  <td className="number">{euro(entry.remaining)}</td>
                </tr>
              ))}
            </FigureTable>
          </>
        )}
      </section>
      {report && (
        <section aria-labelledby="report">
          <h2 id="report">Bericht an Bund und Land</h2>
          <div className="toolbar">
            <label className="inline-field">
              Zeitraum{' '}
              <select
                value={quarter ?? ''}
                onChange={(event) =>
                  setQuarter(event.target.value ? Number(event.target.value) : null)
                }
              >
                <option value="">ganzes Jahr</option>
                {[1, 2, 3, 4].map((q) => (
                  <option key={q} value={q}>
                    {q}. Quartal
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              onClick={() => {
                setDownloadError(null);
                downloadReport(session.token, fiscalYear, quarter).catch((failure: Error) =>
                  setDownloadError(failure.message),
                );
              }}
            >
              CSV herunterladen
            </button>
          </div>
          {downloadError && (
            <p role="alert" className="error">
              {downloadError}
            </p>
          )}
          <table className="figures">
            <tbody>
              <tr>
                <th scope="row">Zugewiesen</th>
                <td className="number">{euro(report.totals.allocated)}</td>
              </tr>
              <tr>
                <th scope="row">Im Zeitraum gebunden</th>
                <td className="number">{euro(report.totals.committed)}</td>
              </tr>
              <tr>
                <th scope="row">Im Zeitraum verausgabt</th>
                <td className="number">{euro(report.totals.expended)}</td>
              </tr>
              <tr>
                <th scope="row">Bis Zeitraumende gebunden/verausgabt</th>
                <td className="number">{euro(report.totals.spentToDate)}</td>
              </tr>
              <tr>
                <th scope="row">Frei</th>
                <td className="number">{euro(report.totals.remaining)}</td>
              </tr>
              {report.bySource.map((source) => (
                <tr key={source.source}>
                  <th scope="row">Finanziert durch {label(SOURCE, source.source)}</th>
                  <td className="number">{euro(source.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
