import { CITY_IDS } from '@jobcenter/auth';
import { topics, type SubmissionKind } from '@jobcenter/events';
import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { graphql, readTopic, tokenFor } from '@jobcenter/testing';
import type { BudgetService } from '../services/budget/src/service';
import {
  demoLikeCaseload,
  eventually,
  parseCsv,
  startTestBudget,
} from '../services/budget/test/support/budget';
import type { DistrictsService } from '../services/districts/src/service';
import { aCaseload, startTestDistricts } from '../services/districts/test/support/districts';
import { DEMO_PEOPLE, DEMO_SEATS } from '../services/governance/src/demo-data';
import type { GovernanceService } from '../services/governance/src/service';
import { startTestGovernance } from '../services/governance/test/support/governance';
import { startTestGateway } from './support/gateway';
import { ownKafkaBroker } from '@jobcenter/testing';

/**
 * The budget beside districts and governance, through the gateway, on a Kafka broker of the
 * suite's own: the board adopts a pool split and an allocation by real resolutions, the budget
 * service publishes the allocation, and one query shows each district's allocation, spending and
 * caseload together.
 */
const YEAR = 2032;
const broker = ownKafkaBroker('budget-system');

describe('budget: the board allocates integration funds by social space', () => {
  let brokers: string[];
  let districts: DistrictsService;
  let governance: GovernanceService;
  let budget: BudgetService;
  let gateway: RunningGateway;
  let county: string;

  /** A board meeting with one submission, all five members present and agreeing: consensus. */
  async function adoptByBoard(kind: SubmissionKind, title: string, proposal: unknown) {
    const meeting = await governance.meetings.schedule('BOARD', new Date());
    const submission = await governance.submissions.create(
      {
        title,
        text: `${title}. Vorlage des Fachbereichs Jobcenter.`,
        authorUnit: 'Fachbereich Jobcenter',
        kind,
        proposal,
      },
      'geschaeftsstelle',
    );
    await governance.meetings.addAgendaItem(meeting.id, submission.id);
    await governance.meetings.hold(
      meeting.id,
      DEMO_SEATS.map((seat) => ({ seatId: seat.seatId, attendedBy: 'MEMBER' as const })),
      [],
      null,
    );
    const [resolution] = await governance.resolutions.ofMeetings([meeting.id]);
    let status = '';
    for (const seat of DEMO_SEATS)
      status = (await governance.resolutions.vote(resolution!.id, seat.memberId, 'AGREE')).status;
    expect(status).toBe('ADOPTED_BY_CONSENSUS');
    return resolution!;
  }

  beforeAll(async () => {
    broker.start();
    brokers = broker.brokers();
    [districts, governance, budget] = await Promise.all([
      startTestDistricts({ brokers }),
      startTestGovernance({ brokers }),
      startTestBudget({ brokers }),
    ]);
    const urls = {
      SUBGRAPH_DISTRICTS_URL: districts.url,
      SUBGRAPH_GOVERNANCE_URL: governance.url,
      SUBGRAPH_BUDGET_URL: budget.url,
    };
    gateway = await startTestGateway(subgraphDefinitions(urls), urls);
    county = await tokenFor('county_staff');
    // The board's composition needs the districts' size groups.
    await eventually(
      async () =>
        (await governance.dataSource.query('SELECT count(*)::int AS n FROM district_copy'))[0].n ===
        10,
      'the ten districts in governance',
    );
    await governance.board.savePeople(DEMO_PEOPLE);
    await governance.board.setSeats(DEMO_SEATS);
    for (const districtId of CITY_IDS) {
      await districts.reporting.report({
        districtId,
        month: '2025-06',
        figures: aCaseload(demoLikeCaseload(districtId)),
        reportedBy: 'test',
      });
    }
  });
  afterAll(async () => {
    await gateway?.stop();
    await budget?.stop();
    await governance?.stop();
    await districts?.stop();
    broker.stop();
  });

  it('adopts a pool split and an allocation by resolution, publishes it, and shows each district’s funds with its caseload', async () => {
    for (const [category, source, amount] of [
      ['INTEGRATION_FUNDS', 'BUND', 5_540_000_000],
      ['INTEGRATION_FUNDS', 'KREIS', 250_000_000],
    ] as const) {
      const set = await graphql(
        gateway.url,
        'mutation L($input: BudgetLineInput!) { setBudgetLine(input: $input) { amount } }',
        { input: { fiscalYear: YEAR, category, source, amount } },
        county,
      );
      expect(set.errors).toBeUndefined();
    }

    const split = await adoptByBoard(
      'POOL_SPLIT',
      'Zentral und dezentral bewirtschaftete Eingliederungsmittel',
      { fiscalYear: YEAR, decentralShareBasisPoints: 6000, criteria: 'Bedarf je Sozialraum' },
    );
    const budgetView = await eventually(async () => {
      const response = await graphql<{
        budget: {
          decentralPool: number;
          poolSplit: { resolution: { id: string; number: string } } | null;
        };
      }>(
        gateway.url,
        `{ budget(fiscalYear: ${YEAR}) { decentralPool poolSplit { resolution { id number } } } }`,
        {},
        county,
      );
      expect(response.errors).toBeUndefined();
      return response.data!.budget.poolSplit ? response.data!.budget : null;
    }, 'the pool split in the budget service');
    // The resolution is governance's entity: its number comes from governance through the gateway.
    expect(budgetView!.poolSplit!.resolution).toEqual({ id: split.id, number: split.number });
    expect(budgetView!.decentralPool).toBe(3_474_000_000);

    // The caseload reaches the budget service as events.
    await eventually(
      async () =>
        (await budget.dataSource.query('SELECT count(*)::int AS n FROM caseload_copy'))[0].n === 10,
      'the caseload in the budget service',
    );
    const proposed = await graphql<{ proposeAllocation: { id: string; pool: number } }>(
      gateway.url,
      `mutation { proposeAllocation(fiscalYear: ${YEAR}) { id pool } }`,
      {},
      county,
    );
    expect(proposed.errors).toBeUndefined();
    const proposalId = proposed.data!.proposeAllocation.id;

    const published = await readTopic(topics.allocationPublished.name, brokers);
    const allocationResolution = await adoptByBoard(
      'FUNDS_ALLOCATION',
      `Verteilung der Eingliederungsmittel ${YEAR} nach Sozialräumen`,
      { allocationProposalId: proposalId },
    );
    const [message] = await published.waitFor(
      (candidate) =>
        (candidate.value.data as { resolutionId: string }).resolutionId === allocationResolution.id,
    );
    await published.stop();
    const event = message!.value.data as {
      fiscalYear: number;
      poolCents: number;
      districts: { districtId: string; amountCents: number }[];
    };
    expect(event.fiscalYear).toBe(YEAR);
    expect(event.poolCents).toBe(3_474_000_000);
    expect(event.districts).toHaveLength(10);
    expect(event.districts.reduce((sum, entry) => sum + entry.amountCents, 0)).toBe(3_474_000_000);

    const spent = await graphql(
      gateway.url,
      `mutation { recordSpending(input: { districtId: "marl", fiscalYear: ${YEAR}, kind: COMMITMENT, amount: 12345678,
        purpose: "Aktivierungsmaßnahme", legalBasis: "§ 16 Abs. 1 SGB II i. V. m. § 45 SGB III",
        bookedOn: "${YEAR}-02-01", documentReference: "MAR-1" }) { id } }`,
      {},
      await tokenFor('city_staff', 'marl'),
    );
    expect(spent.errors).toBeUndefined();

    const together = await graphql<{
      districts: {
        id: string;
        name: string;
        latestCaseloadReport: { month: string; eligibleJobseekers: number };
        budgetAllocations: { fiscalYear: number; allocated: number }[];
        budgetAllocation: {
          allocated: number;
          spent: number;
          remaining: number;
          allocation: { resolution: { id: string; number: string; status: string } };
        };
      }[];
    }>(
      gateway.url,
      `{ districts { id name latestCaseloadReport { month eligibleJobseekers }
          budgetAllocation(fiscalYear: ${YEAR}) { allocated spent remaining
            allocation { resolution { id number status } } }
          budgetAllocations { fiscalYear allocated } } }`,
      {},
      await tokenFor('board_member'),
    );
    expect(together.errors).toBeUndefined();
    const rows = together.data!.districts;
    expect(rows.map((row) => row.id)).toEqual([...CITY_IDS]);
    for (const row of rows) {
      expect(row.latestCaseloadReport.month).toBe('2025-06');
      expect(row.budgetAllocation.allocated).toBe(
        event.districts.find((entry) => entry.districtId === row.id)!.amountCents,
      );
      expect(row.budgetAllocations).toEqual([
        { fiscalYear: YEAR, allocated: row.budgetAllocation.allocated },
      ]);
      expect(row.budgetAllocation.allocation.resolution).toEqual({
        id: allocationResolution.id,
        number: allocationResolution.number,
        status: 'ADOPTED_BY_CONSENSUS',
      });
    }
    const marl = rows.find((row) => row.id === 'marl')!;
    expect(marl.budgetAllocation.spent).toBe(12_345_678);
    expect(marl.budgetAllocation.remaining).toBe(marl.budgetAllocation.allocated - 12_345_678);
    // More need, more money: Recklinghausen's caseload is the largest, Haltern am See's the smallest.
    const amount = (id: string) => rows.find((row) => row.id === id)!.budgetAllocation.allocated;
    const byNeed = [...rows].sort(
      (a, b) =>
        b.latestCaseloadReport.eligibleJobseekers - a.latestCaseloadReport.eligibleJobseekers,
    );
    expect(amount(byNeed[0]!.id)).toBeGreaterThan(amount(byNeed[9]!.id));

    // The report to Bund and Land through the gateway: GraphQL and the CSV download agree.
    const reporting = await tokenFor('reporting');
    const report = await graphql<{
      budgetReport: {
        totalBudget: number;
        totals: { allocated: number; spentToDate: number; remaining: number };
      };
    }>(
      gateway.url,
      `{ budgetReport(fiscalYear: ${YEAR}) { totalBudget totals { allocated spentToDate remaining } } }`,
      {},
      reporting,
    );
    expect(report.errors).toBeUndefined();
    const download = await fetch(gateway.url.replace('/graphql', `/reports/budget/${YEAR}.csv`), {
      headers: { authorization: `Bearer ${reporting}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain(`budget-report-${YEAR}.csv`);
    const total = parseCsv(await download.text()).find((row) => row.section === 'TOTAL')!;
    expect(Number(total.budgeted_cents)).toBe(report.data!.budgetReport.totalBudget);
    expect(Number(total.allocated_cents)).toBe(report.data!.budgetReport.totals.allocated);
    expect(Number(total.spent_to_date_cents)).toBe(12_345_678);
    expect(Number(total.remaining_cents)).toBe(report.data!.budgetReport.totals.remaining);
    const anonymous = await fetch(gateway.url.replace('/graphql', `/reports/budget/${YEAR}.csv`));
    expect(anonymous.status).toBe(401);

    // The budget service stopped: the gateway says which service is missing, without hanging.
    await budget.stop();
    const unavailable = await fetch(
      gateway.url.replace('/graphql', `/reports/budget/${YEAR}.csv`),
      {
        headers: { authorization: `Bearer ${reporting}` },
      },
    );
    expect(unavailable.status).toBe(502);
    expect(await unavailable.json()).toMatchObject({
      error: { code: 'SUBGRAPH_UNAVAILABLE', service: 'budget' },
    });
  });
});
