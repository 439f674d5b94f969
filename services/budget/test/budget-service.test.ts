import { countQueries } from '@jobcenter/db';
import { topics } from '@jobcenter/events';
import { graphql, readTopic, tokenFor } from '@jobcenter/testing';
import { graphql as execute } from 'graphql';
import { demoAllocationProposalId } from '../src/demo-data';
import { createLoaders } from '../src/loaders';
import { createSchema } from '../src/schema';
import type { BudgetService } from '../src/service';
import {
  demoLikeCaseload,
  eventPublisher,
  eventually,
  ownKafkaBroker,
  parseCsv,
  startTestBudget,
  TEN,
} from './support/budget';

const broker = ownKafkaBroker('budget');

/**
 * The year's budget as the Fachbereich sets it in the first test: integration funds of
 * 5,970,000.01 €, of which a split of 60 % makes the decentral pool.
 */
const BUDGET_LINES = [
  ['INTEGRATION_FUNDS', 'BUND', 5_540_000_000],
  ['INTEGRATION_FUNDS', 'LAND', 180_000_000],
  ['INTEGRATION_FUNDS', 'KREIS', 250_000_001],
  ['ADMINISTRATIVE_COSTS', 'BUND', 2_450_000_000],
  ['PERSONNEL_COSTS', 'KREIS', 781_500_000],
] as const;
const DECENTRAL_POOL = 3_582_000_000;

/**
 * Each test has a fiscal year of its own (and the next one, for the model test): the rows of other
 * tests' years, and their events on the shared topics, are not its.
 */
let nextYear = 2031;
let year: number;

type Publisher = Awaited<ReturnType<typeof eventPublisher>>;

const SET_LINE =
  'mutation L($input: BudgetLineInput!) { setBudgetLine(input: $input) { category source amount } }';
const RECORD =
  'mutation R($input: SpendingInput!) { recordSpending(input: $input) { id amount kind reversalOf { id } } }';
const REVERSE =
  'mutation V($id: ID!, $reason: String!, $on: String!) { reverseSpending(entryId: $id, reason: $reason, bookedOn: $on) { id amount reversalOf { id amount } } }';
const PROPOSAL_FIELDS = `id status pool fiscalYear resolution { id }
  districts { district { id } amount caseloadMonth contributions { indicator amount explanation } }`;

const spendingInput = (districtId: string, amount: number, overrides: object = {}) => ({
  districtId,
  fiscalYear: year,
  kind: 'EXPENDITURE',
  amount,
  purpose: 'Eingliederungszuschuss an einen Arbeitgeber',
  legalBasis: '§ 16 Abs. 1 SGB II i. V. m. § 88 SGB III',
  bookedOn: `${year}-05-12`,
  documentReference: 'EGZ-0001',
  ...overrides,
});

describe('budget service (real PostgreSQL and Kafka)', () => {
  let brokers: string[];
  let budget: BudgetService;
  let events: Publisher;
  let county: string;
  let marlStaff: string;
  let board: string;
  let reporting: string;

  beforeAll(async () => {
    brokers = broker.start();
    budget = await startTestBudget({ brokers });
    events = await eventPublisher(brokers);
    [county, marlStaff, board, reporting] = await Promise.all([
      tokenFor('county_staff'),
      tokenFor('city_staff', 'marl'),
      tokenFor('board_member'),
      tokenFor('reporting'),
    ]);
  });
  afterAll(async () => {
    await events?.stop();
    await budget?.stop();
    broker.stop();
  });
  beforeEach(async () => {
    year = nextYear;
    nextYear += 2;
    // The caseload is kept per month, not per fiscal year: each test starts without any and
    // reports the months it needs.
    await budget.dataSource.query('TRUNCATE caseload_copy');
  });

  /** The year's budget of BUDGET_LINES. */
  const setBudget = async () => {
    for (const [category, source, amountCents] of BUDGET_LINES)
      await budget.budgets.setLine({ fiscalYear: year, category, source, amountCents }, 'test');
  };
  /** The board adopts a split of 60 % decentral for the year; resolves once it is in force. */
  const adoptPoolSplit = async () => {
    const resolutionId = await events.adopt('POOL_SPLIT', {
      fiscalYear: year,
      decentralShareBasisPoints: 6000,
      criteria: 'Nach Bedarfsindikatoren je Sozialraum, EinglMV-Methode',
    });
    await eventually(
      async () => (await budget.poolSplits.inForceOf([year]))[0]?.resolutionId === resolutionId,
      'the pool split',
    );
  };
  /** Every district reports its caseload of October of the year before; resolves once copied. */
  const reportCaseload = async () => {
    const month = `${year - 1}-10`;
    for (const id of TEN) await events.caseload(id, month, demoLikeCaseload(id));
    await eventually(
      async () =>
        (
          await budget.dataSource.query(
            'SELECT count(*)::int AS n FROM caseload_copy WHERE month = $1',
            [`${month}-01`],
          )
        )[0].n === TEN.length,
      `the caseload of ${month}`,
    );
  };
  /** Resolves once the adoption of the resolution has the outcome. */
  const adoptionReaches = (resolutionId: string, outcome: string, what: string) =>
    eventually(
      async () =>
        (
          await budget.dataSource.query(
            'SELECT outcome FROM allocation_adoption WHERE resolution_id = $1',
            [resolutionId],
          )
        )[0]?.outcome === outcome,
      what,
    );
  /** The Fachbereich proposes, the board adopts the proposal; resolves once it is in force. */
  const adoptProposal = async () => {
    const { id: proposalId } = await budget.allocations.propose(year, 'test');
    const resolutionId = await events.adopt('FUNDS_ALLOCATION', {
      allocationProposalId: proposalId,
    });
    await adoptionReaches(resolutionId, 'IN_FORCE', 'the adopted allocation');
    return { proposalId, resolutionId };
  };
  /** The year's allocation in force: budget, pool split and caseload, then an adopted proposal. */
  const allocationInForce = async () => {
    await Promise.all([setBudget(), adoptPoolSplit(), reportCaseload()]);
    return adoptProposal();
  };
  /** Marl's allocation of the year: what it was allocated and what it has spent, in cents. */
  const marlAllocation = async () => {
    const [row] = await budget.dataSource.query(
      `SELECT d.amount_cents, d.spent_cents FROM district_allocation d JOIN allocation a ON a.id = d.allocation_id
       WHERE a.fiscal_year = $1 AND d.district_id = 'marl'`,
      [year],
    );
    return { amount: Number(row.amount_cents), spent: Number(row.spent_cents) };
  };
  /** Marl's staff record an entry; resolves with it. */
  const recordForMarl = async (amount: number, overrides: object = {}) => {
    const recorded = await graphql<{ recordSpending: { id: string } }>(
      budget.url,
      RECORD,
      { input: spendingInput('marl', amount, overrides) },
      marlStaff,
    );
    expect(recorded.errors).toBeUndefined();
    return { id: recorded.data!.recordSpending.id, amount };
  };
  /** Marl spends its whole allocation in May, in two expenditures (the first one first). */
  const spendAllOfMarl = async () => {
    const allocated = (await marlAllocation()).amount;
    const first = await recordForMarl(Math.floor(allocated / 3));
    const second = await recordForMarl(allocated - first.amount, {
      documentReference: 'EGZ-0002',
    });
    return [first, second] as const;
  };
  /**
   * Marl spends its whole allocation in May, reverses the first expenditure in June and commits
   * its amount again in November.
   */
  const marlsSpendingOfTheYear = async () => {
    const [first] = await spendAllOfMarl();
    const reversal = await graphql(
      budget.url,
      REVERSE,
      { id: first.id, reason: 'Beleg doppelt erfasst', on: `${year}-06-01` },
      marlStaff,
    );
    expect(reversal.errors).toBeUndefined();
    await recordForMarl(first.amount, { kind: 'COMMITMENT', bookedOn: `${year}-11-03` });
  };

  it('lets the Fachbereich set the year’s budget, and nobody else', async () => {
    for (const [category, source, amount] of BUDGET_LINES) {
      const set = await graphql(
        budget.url,
        SET_LINE,
        { input: { fiscalYear: year, category, source, amount } },
        county,
      );
      expect(set.errors).toBeUndefined();
    }
    const refused = await graphql(
      budget.url,
      SET_LINE,
      { input: { fiscalYear: year, category: 'PERSONNEL_COSTS', source: 'LAND', amount: 1 } },
      marlStaff,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const negative = await graphql(
      budget.url,
      SET_LINE,
      { input: { fiscalYear: year, category: 'PERSONNEL_COSTS', source: 'LAND', amount: -1 } },
      county,
    );
    expect(negative.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.amountCents',
    });
    const read = await graphql<{
      budget: { total: number; integrationFunds: number; lines: unknown[]; decentralPool: number };
    }>(
      budget.url,
      `{ budget(fiscalYear: ${year}) { total integrationFunds decentralPool lines { category source amount } } }`,
      {},
      board,
    );
    expect(read.data!.budget).toMatchObject({
      total: 9_201_500_001,
      integrationFunds: 5_970_000_001,
      decentralPool: 0,
    });
    expect(read.data!.budget.lines).toHaveLength(5);
    const totals = `{ budget(fiscalYear: ${year}) { total } }`;
    const asReporting = await graphql<{ budget: { total: number } }>(
      budget.url,
      totals,
      {},
      reporting,
    );
    expect(asReporting.data!.budget.total).toBe(9_201_500_001);
    const asCity = await graphql(budget.url, totals, {}, marlStaff);
    expect(asCity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a proposal before the board adopted a pool split', async () => {
    await setBudget();
    const response = await graphql(
      budget.url,
      `mutation { proposeAllocation(fiscalYear: ${year}) { id } }`,
      {},
      county,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'fiscalYear',
    });
    expect(response.errors?.[0]?.message).toContain('POOL_SPLIT');
  });

  it('lets the Fachbereich draft a pool split: the pools it would give and the submission’s proposal', async () => {
    await setBudget();
    const DRAFT = `query D($share: Int!) { poolSplitDraft(fiscalYear: ${year}, decentralShareBasisPoints: $share, criteria: "Bedarf je Sozialraum") {
      centralPool decentralPool submissionProposal } }`;
    const draft = await graphql<{
      poolSplitDraft: { centralPool: number; decentralPool: number; submissionProposal: string };
    }>(budget.url, DRAFT, { share: 6000 }, county);
    expect(draft.errors).toBeUndefined();
    expect(draft.data!.poolSplitDraft).toMatchObject({
      decentralPool: 3_582_000_000,
      centralPool: 2_388_000_001,
    });
    expect(JSON.parse(draft.data!.poolSplitDraft.submissionProposal)).toEqual({
      fiscalYear: year,
      decentralShareBasisPoints: 6000,
      criteria: 'Bedarf je Sozialraum',
    });
    const tooMuch = await graphql(budget.url, DRAFT, { share: 10_001 }, county);
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'decentralShareBasisPoints',
    });
    // A draft changes nothing: no split is in force.
    const budgetNow = await graphql<{ budget: { poolSplit: unknown; decentralPool: number } }>(
      budget.url,
      `{ budget(fiscalYear: ${year}) { poolSplit { criteria } decentralPool } }`,
      {},
      county,
    );
    expect(budgetNow.data!.budget).toEqual({ poolSplit: null, decentralPool: 0 });
  });

  it('puts a pool split in force only by an adopted POOL_SPLIT resolution; other kinds change nothing', async () => {
    await setBudget();
    const staffingKey = await events.adopted('STAFFING_KEY', {
      householdsPerBenefitsPost: 140,
      jobseekersPerIntegrationPost: 150,
      jobseekersUnder25PerIntegrationPost: 75,
      validFrom: `${year}-01-01`,
    });
    const resolutionId = await events.adopt('POOL_SPLIT', {
      fiscalYear: year,
      decentralShareBasisPoints: 6000,
      criteria: 'Nach Bedarfsindikatoren je Sozialraum, EinglMV-Methode',
    });
    const split = (await eventually(async () => {
      const response = await graphql<{
        budget: {
          poolSplit: { resolution: { id: string }; decentralShareBasisPoints: number } | null;
          decentralPool: number;
          centralPool: number;
        };
      }>(
        budget.url,
        `{ budget(fiscalYear: ${year}) { decentralPool centralPool poolSplit { decentralShareBasisPoints resolution { id } } } }`,
        {},
        county,
      );
      return response.data!.budget.poolSplit ? response.data!.budget : null;
    }, 'the pool split'))!;
    expect(split.poolSplit!.resolution.id).toBe(resolutionId);
    expect(split.decentralPool).toBe(3_582_000_000);
    expect(split.centralPool).toBe(2_388_000_001);
    // The staffing key lies on another partition than the pool split: once it is handled, neither
    // may have been set aside.
    await eventually(
      async () =>
        (
          await budget.dataSource.query(
            `SELECT 1 FROM applied_event WHERE event_id = $1
             UNION ALL SELECT 1 FROM dead_letter_event WHERE message_key = $2`,
            [staffingKey.eventId, staffingKey.resolutionId],
          )
        ).length > 0,
      'the staffing key handled',
    );
    const [deadLetters] = await budget.dataSource.query(
      'SELECT count(*)::int AS n FROM dead_letter_event WHERE message_key = ANY($1)',
      [[staffingKey.resolutionId, resolutionId]],
    );
    expect(deadLetters.n).toBe(0);
  });

  it('keeps an adoption that arrives before its proposal, and applies it when the proposal is made', async () => {
    await Promise.all([setBudget(), adoptPoolSplit()]);
    const published = await readTopic(topics.allocationPublished.name, brokers);
    for (const id of TEN) {
      await events.caseload(id, `${year - 1}-09`, demoLikeCaseload(id));
      await events.caseload(id, `${year - 1}-10`, demoLikeCaseload(id));
    }
    // Marl corrects October: the higher version counts.
    await events.caseload(
      'marl',
      `${year - 1}-10`,
      { ...demoLikeCaseload('marl'), eligibleJobseekers: 9000 },
      2,
    );
    await eventually(
      async () =>
        (
          await budget.dataSource.query(
            `SELECT count(*)::int AS n FROM caseload_copy WHERE month = $1 AND (district_id <> 'marl' OR version = 2)`,
            [`${year - 1}-10-01`],
          )
        )[0].n === 10,
      'the caseload of the ten districts',
    );

    const proposalId = demoAllocationProposalId(year);
    const resolutionId = await events.adopt('FUNDS_ALLOCATION', {
      allocationProposalId: proposalId,
    });
    await adoptionReaches(resolutionId, 'PENDING', 'the pending adoption');

    const proposal = await budget.allocations.propose(year, 'test', proposalId);
    expect(proposal).toMatchObject({ id: proposalId, status: 'ADOPTED', resolutionId });
    const [message] = await published.waitFor(
      (candidate) =>
        (candidate.value.data as { resolutionId: string }).resolutionId === resolutionId,
    );
    const data = message!.value.data as {
      poolCents: number;
      fiscalYear: number;
      districts: { districtId: string; amountCents: number }[];
    };
    expect(data.fiscalYear).toBe(year);
    expect(data.poolCents).toBe(DECENTRAL_POOL);
    expect(data.districts.reduce((sum, entry) => sum + entry.amountCents, 0)).toBe(DECENTRAL_POOL);
    await published.stop();

    const allocation = await graphql<{
      allocation: { id: string; pool: number; resolution: { id: string }; districts: unknown[] };
    }>(
      budget.url,
      `{ allocation(fiscalYear: ${year}) { id pool resolution { id } districts { district { id } allocated spent remaining } } }`,
      {},
      reporting,
    );
    expect(allocation.data!.allocation).toMatchObject({
      pool: DECENTRAL_POOL,
      resolution: { id: resolutionId },
    });
    expect(allocation.data!.allocation.districts).toHaveLength(10);
  });

  it('proposes by need, exactly to the pool, explained per indicator; a later adoption supersedes', async () => {
    const inForce = await allocationInForce();
    const setModel = await graphql(
      budget.url,
      `mutation { setAllocationModel(fiscalYear: ${year}, model: { kind: WEIGHTED_SHARES, weights: [
        { indicator: ELIGIBLE_JOBSEEKERS, weightBasisPoints: 5000 },
        { indicator: LONG_TERM_RECIPIENTS, weightBasisPoints: 3000 },
        { indicator: JOBSEEKERS_UNDER_25, weightBasisPoints: 2000 } ] }) { kind weights { indicator weightBasisPoints } } }`,
      {},
      county,
    );
    expect(setModel.errors).toBeUndefined();
    const boardMayNot = await graphql(
      budget.url,
      `mutation { proposeAllocation(fiscalYear: ${year}) { id } }`,
      {},
      board,
    );
    expect(boardMayNot.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    type Proposal = {
      id: string;
      status: string;
      pool: number;
      districts: {
        district: { id: string };
        amount: number;
        caseloadMonth: string;
        contributions: { indicator: string; amount: number; explanation: string }[];
      }[];
    };
    const proposed = await graphql<{ proposeAllocation: Proposal }>(
      budget.url,
      `mutation { proposeAllocation(fiscalYear: ${year}) { ${PROPOSAL_FIELDS} } }`,
      {},
      county,
    );
    expect(proposed.errors).toBeUndefined();
    const proposal = proposed.data!.proposeAllocation;
    expect(proposal.status).toBe('PROPOSED');
    expect(proposal.pool).toBe(DECENTRAL_POOL);
    expect(proposal.districts.reduce((sum, entry) => sum + entry.amount, 0)).toBe(DECENTRAL_POOL);
    for (const entry of proposal.districts) {
      expect(entry.caseloadMonth).toBe(`${year - 1}-10`);
      expect(entry.contributions.map((part) => part.indicator)).toEqual([
        'ELIGIBLE_JOBSEEKERS',
        'LONG_TERM_RECIPIENTS',
        'JOBSEEKERS_UNDER_25',
      ]);
      expect(entry.contributions.reduce((sum, part) => sum + part.amount, 0)).toBe(entry.amount);
    }
    const amountOf = (id: string) =>
      proposal.districts.find((entry) => entry.district.id === id)!.amount;
    // Recklinghausen has far more need than Haltern am See.
    expect(amountOf('recklinghausen')).toBeGreaterThan(3 * amountOf('haltern-am-see'));

    const published = await readTopic(topics.allocationPublished.name, brokers);
    const resolutionId = await events.adopt('FUNDS_ALLOCATION', {
      allocationProposalId: proposal.id,
    });
    await published.waitFor(
      (candidate) =>
        (candidate.value.data as { resolutionId: string }).resolutionId === resolutionId,
    );
    await published.stop();
    const after = await graphql<{
      allocationProposals: { id: string; status: string }[];
      allocation: {
        id: string;
        proposal: { id: string };
        districts: { district: { id: string }; allocated: number }[];
      };
    }>(
      budget.url,
      `{ allocationProposals(fiscalYear: ${year}) { id status }
         allocation(fiscalYear: ${year}) { id proposal { id } districts { district { id } allocated } } }`,
      {},
      board,
    );
    expect(after.data!.allocationProposals).toEqual([
      { id: inForce.proposalId, status: 'SUPERSEDED' },
      { id: proposal.id, status: 'ADOPTED' },
    ]);
    expect(after.data!.allocation.proposal.id).toBe(proposal.id);
    expect(
      after.data!.allocation.districts.find((entry) => entry.district.id === 'recklinghausen')!
        .allocated,
    ).toBe(amountOf('recklinghausen'));
  });

  it('records an adoption older than the one in force, without changing the allocation', async () => {
    // A first proposal adopted, then superseded by a second.
    await allocationInForce();
    await adoptProposal();
    const before = await budget.allocations.allocationsOfYears([year]);
    const [proposal] = await budget.allocations.proposals(year);
    const lateResolution = await events.adopt(
      'FUNDS_ALLOCATION',
      { allocationProposalId: proposal!.id },
      // A day before the adoptions above (events arriving out of order).
      new Date(Date.now() - 86_400_000),
    );
    await adoptionReaches(lateResolution, 'OUTDATED', 'the outdated adoption');
    expect(await budget.allocations.allocationsOfYears([year])).toEqual(before);
    expect((await budget.allocations.proposalsByIds([proposal!.id]))[0]!.status).toBe('SUPERSEDED');
  });

  it('keeps the model as data: the EinglMV default, its parameters and weights the Fachbereich sets', async () => {
    const MODEL = `{ allocationModel(fiscalYear: ${year + 1}) { kind isDefault problemPressureBasisPoints
      structureBasisPoints deviationFactorBasisPoints workingAgePopulation { districtId workingAgePopulation } } }`;
    const byDefault = await graphql<{
      allocationModel: {
        kind: string;
        isDefault: boolean;
        deviationFactorBasisPoints: number;
        workingAgePopulation: unknown[];
      };
    }>(budget.url, MODEL, {}, board);
    expect(byDefault.data!.allocationModel).toMatchObject({
      kind: 'EINGLMV',
      isDefault: true,
      deviationFactorBasisPoints: 2500,
    });
    expect(byDefault.data!.allocationModel.workingAgePopulation).toHaveLength(10);
    const SET = `mutation S($model: AllocationModelInput!) { setAllocationModel(fiscalYear: ${year + 1}, model: $model) { kind deviationFactorBasisPoints } }`;
    const set = await graphql(
      budget.url,
      SET,
      { model: { kind: 'EINGLMV', deviationFactorBasisPoints: 5000 } },
      county,
    );
    expect(set.errors).toBeUndefined();
    const after = await graphql<{
      allocationModel: { isDefault: boolean; deviationFactorBasisPoints: number };
    }>(budget.url, MODEL, {}, board);
    expect(after.data!.allocationModel).toMatchObject({
      isDefault: false,
      deviationFactorBasisPoints: 5000,
    });
    const wrong = await graphql(
      budget.url,
      SET,
      {
        model: {
          kind: 'WEIGHTED_SHARES',
          weights: [{ indicator: 'ELIGIBLE_JOBSEEKERS', weightBasisPoints: 9000 }],
        },
      },
      county,
    );
    expect(wrong.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'model.weights',
    });
    const notYours = await graphql(budget.url, SET, { model: { kind: 'EINGLMV' } }, board);
    expect(notYours.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a city’s staff record spending for their own district only', async () => {
    await allocationInForce();
    const herten = await graphql(
      budget.url,
      RECORD,
      { input: spendingInput('herten', 100) },
      marlStaff,
    );
    expect(herten.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const countyRefused = await graphql(
      budget.url,
      RECORD,
      { input: spendingInput('marl', 100) },
      county,
    );
    expect(countyRefused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badDate = await graphql(
      budget.url,
      RECORD,
      { input: spendingInput('marl', 100, { bookedOn: `${year + 1}-01-02` }) },
      marlStaff,
    );
    expect(badDate.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.bookedOn',
    });
    const [{ n }] = await budget.dataSource.query(
      'SELECT count(*)::int AS n FROM spending_entry WHERE fiscal_year = $1',
      [year],
    );
    expect(n).toBe(0);
  });

  it('never exceeds the allocation under 200 concurrent expenditures; 90 % and 100 % published once', async () => {
    await allocationInForce();
    const thresholds = await readTopic(topics.allocationThresholdReached.name, brokers);
    const expenditures = await readTopic(topics.expenditureRecorded.name, brokers);
    const allocatedCents = (await marlAllocation()).amount;
    const amount = Math.floor(allocatedCents / 150) + 1;
    const fitting = Math.floor(allocatedCents / amount);
    expect(fitting).toBeLessThan(200);

    const results = await Promise.all(
      Array.from({ length: 200 }, (_, n) =>
        graphql<{ recordSpending: { id: string } }>(
          budget.url,
          RECORD,
          { input: spendingInput('marl', amount, { documentReference: `EGZ-${n}` }) },
          marlStaff,
        ),
      ),
    );
    const accepted = results.filter((result) => !result.errors);
    const refused = results.filter((result) => result.errors);
    expect(accepted).toHaveLength(fitting);
    expect(refused).toHaveLength(200 - fitting);
    expect(new Set(accepted.map((result) => result.data!.recordSpending.id)).size).toBe(fitting);
    const ids = new Set(accepted.map((result) => result.data!.recordSpending.id));
    const published = await expenditures.waitFor(
      (message) => ids.has((message.value.data as { entryId: string }).entryId),
      fitting,
    );
    expect(
      new Set(published.map((message) => (message.value.data as { entryId: string }).entryId)).size,
    ).toBe(fitting);
    // Each event carries the spending after its entry: the last one all that was accepted.
    expect(
      Math.max(
        ...published.map((message) => (message.value.data as { spentCents: number }).spentCents),
      ),
    ).toBe(fitting * amount);
    for (const result of refused) {
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.amountCents',
      });
    }
    const [{ spent, entries }] = await budget.dataSource.query(
      `SELECT d.spent_cents AS spent, (SELECT sum(amount_cents) FROM spending_entry WHERE district_id = 'marl' AND fiscal_year = $1) AS entries
       FROM district_allocation d JOIN allocation a ON a.id = d.allocation_id WHERE a.fiscal_year = $1 AND d.district_id = 'marl'`,
      [year],
    );
    expect(Number(spent)).toBe(fitting * amount);
    expect(Number(entries)).toBe(fitting * amount);
    expect(Number(spent)).toBeLessThanOrEqual(allocatedCents);

    // The rest to the cent reaches 100 %; one cent more is refused.
    const rest = allocatedCents - fitting * amount;
    const last = await graphql(
      budget.url,
      RECORD,
      { input: spendingInput('marl', rest) },
      marlStaff,
    );
    expect(last.errors).toBeUndefined();
    const over = await graphql(budget.url, RECORD, { input: spendingInput('marl', 1) }, marlStaff);
    expect(over.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const isMarls = (message: { value: Record<string, unknown> }) => {
      const data = message.value.data as { districtId: string; fiscalYear: number };
      return data.districtId === 'marl' && data.fiscalYear === year;
    };
    const reached = await thresholds.waitFor(isMarls, 2);
    // Every threshold the service wrote is sent, and the reader has read all the topic holds: a
    // third one, or a duplicate, would be among what it received.
    await eventually(
      async () =>
        (
          await budget.dataSource.query(
            `SELECT count(*)::int AS n FROM outbox_event WHERE topic = $1 AND status = 'pending'`,
            [topics.allocationThresholdReached.name],
          )
        )[0].n === 0,
      'the thresholds sent',
    );
    await thresholds.readToEnd();
    const marl = thresholds.received.filter(isMarls);
    expect(
      marl
        .map((message) => (message.value.data as { thresholdPercent: number }).thresholdPercent)
        .sort(),
    ).toEqual([100, 90]);
    expect(reached).toHaveLength(2);
    await thresholds.stop();
    await expenditures.stop();
  });

  it('corrects by reversal, never by editing or deleting', async () => {
    await allocationInForce();
    const [original] = await spendAllOfMarl();
    const expenditures = await readTopic(topics.expenditureRecorded.name, brokers);

    const reversal = await graphql<{
      reverseSpending: { id: string; amount: number; reversalOf: { id: string; amount: number } };
    }>(
      budget.url,
      REVERSE,
      { id: original.id, reason: 'Beleg doppelt erfasst', on: `${year}-06-01` },
      marlStaff,
    );
    expect(reversal.errors).toBeUndefined();
    expect(reversal.data!.reverseSpending).toMatchObject({
      amount: -original.amount,
      reversalOf: { id: original.id, amount: original.amount },
    });
    const again = await graphql(
      budget.url,
      REVERSE,
      { id: original.id, reason: 'noch einmal', on: `${year}-06-02` },
      marlStaff,
    );
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'entryId' });
    const ofReversal = await graphql(
      budget.url,
      REVERSE,
      { id: reversal.data!.reverseSpending.id, reason: 'Storno vom Storno', on: `${year}-06-02` },
      marlStaff,
    );
    expect(ofReversal.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'entryId',
    });
    const otherCity = await graphql(
      budget.url,
      REVERSE,
      { id: original.id, reason: 'fremd', on: `${year}-06-02` },
      await tokenFor('city_staff', 'herten'),
    );
    expect(otherCity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The database itself refuses to edit or delete an entry.
    await expect(
      budget.dataSource.query('UPDATE spending_entry SET amount_cents = 1 WHERE id = $1', [
        original.id,
      ]),
    ).rejects.toThrow(/never changed or deleted/);
    await expect(
      budget.dataSource.query('DELETE FROM spending_entry WHERE id = $1', [original.id]),
    ).rejects.toThrow(/never changed or deleted/);

    const [message] = await expenditures.waitFor(
      (candidate) =>
        (candidate.value.data as { reversalOf: string | null }).reversalOf === original.id,
    );
    expect(message!.value.data).toMatchObject({
      districtId: 'marl',
      amountCents: -original.amount,
      kind: 'EXPENDITURE',
    });
    await expenditures.stop();

    // The freed money can be spent again.
    const respend = await graphql(
      budget.url,
      RECORD,
      {
        input: spendingInput('marl', original.amount, {
          kind: 'COMMITMENT',
          bookedOn: `${year}-11-03`,
        }),
      },
      marlStaff,
    );
    expect(respend.errors).toBeUndefined();
  });

  it('reports per year and quarter, and the CSV’s totals equal the GraphQL report’s', async () => {
    await allocationInForce();
    await marlsSpendingOfTheYear();
    const REPORT = `query R($q: Int) { budgetReport(fiscalYear: ${year}, quarter: $q) {
      period { from to } totalBudget byCategory { category amount } bySource { source amount }
      pools { central decentral criteria }
      districts { district { id } allocated committed expended spentToDate remaining }
      totals { allocated committed expended spentToDate remaining } csv } }`;
    type Report = {
      totalBudget: number;
      pools: { central: number; decentral: number; criteria: string };
      bySource: { source: string; amount: number }[];
      districts: {
        district: { id: string };
        allocated: number;
        committed: number;
        expended: number;
        spentToDate: number;
        remaining: number;
      }[];
      totals: {
        allocated: number;
        committed: number;
        expended: number;
        spentToDate: number;
        remaining: number;
      };
      csv: string;
    };
    for (const quarter of [null, 2, 4]) {
      const response = await graphql<{ budgetReport: Report }>(
        budget.url,
        REPORT,
        { q: quarter },
        reporting,
      );
      expect(response.errors).toBeUndefined();
      const report = response.data!.budgetReport;
      const rows = parseCsv(report.csv);
      const total = rows.find((row) => row.section === 'TOTAL')!;
      expect(Number(total.budgeted_cents)).toBe(report.totalBudget);
      expect(Number(total.allocated_cents)).toBe(report.totals.allocated);
      expect(Number(total.committed_cents)).toBe(report.totals.committed);
      expect(Number(total.expended_cents)).toBe(report.totals.expended);
      expect(Number(total.spent_to_date_cents)).toBe(report.totals.spentToDate);
      expect(Number(total.remaining_cents)).toBe(report.totals.remaining);
      for (const line of report.districts) {
        const row = rows.find(
          (candidate) =>
            candidate.section === 'DISTRICT' && candidate.district === line.district.id,
        )!;
        expect(Number(row.allocated_cents)).toBe(line.allocated);
        expect(Number(row.spent_to_date_cents)).toBe(line.spentToDate);
      }
      const decentral = rows.find((row) => row.section === 'POOL' && row.pool === 'DECENTRAL')!;
      expect(Number(decentral.budgeted_cents)).toBe(report.pools.decentral);
      expect(decentral.note).toBe(report.pools.criteria);
      expect(
        rows
          .filter((row) => row.section === 'SOURCE_TOTAL')
          .reduce((sum, row) => sum + Number(row.budgeted_cents), 0),
      ).toBe(report.totalBudget);
      expect(report.totals.allocated).toBe(DECENTRAL_POOL);
      expect(report.pools.central + report.pools.decentral).toBe(5_970_000_001);
    }
    const wholeYear = await graphql<{ budgetReport: Report }>(
      budget.url,
      REPORT,
      { q: null },
      reporting,
    );
    const q2 = await graphql<{ budgetReport: Report }>(budget.url, REPORT, { q: 2 }, reporting);
    const q4 = await graphql<{ budgetReport: Report }>(budget.url, REPORT, { q: 4 }, reporting);
    const marl = (report: Report) => report.districts.find((line) => line.district.id === 'marl')!;
    // Everything was booked in May and June (Q2) except one commitment in November (Q4).
    expect(marl(q2.data!.budgetReport).committed).toBe(0);
    expect(marl(q4.data!.budgetReport).committed).toBeGreaterThan(0);
    expect(marl(q4.data!.budgetReport).expended).toBe(0);
    expect(marl(wholeYear.data!.budgetReport).spentToDate).toBe(
      marl(q4.data!.budgetReport).spentToDate,
    );
    expect(marl(wholeYear.data!.budgetReport).remaining).toBe(0);

    const cityRefused = await graphql(budget.url, REPORT, { q: null }, marlStaff);
    expect(cityRefused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The same CSV as a download, under the same permission.
    const download = (path: string, token?: string) =>
      fetch(budget.url.replace('/graphql', path), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const file = await download(`/reports/${year}.csv?quarter=2`, reporting);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(file.headers.get('content-disposition')).toContain(`budget-report-${year}-Q2.csv`);
    expect(await file.text()).toBe(q2.data!.budgetReport.csv);
    expect((await download(`/reports/${year}.csv`)).status).toBe(401);
    expect((await download(`/reports/${year}.csv`, marlStaff)).status).toBe(403);
    const badQuarter = await download(`/reports/${year}.csv?quarter=5`, reporting);
    expect(badQuarter.status).toBe(400);
    expect(await badQuarter.json()).toMatchObject({
      error: { code: 'BAD_USER_INPUT', field: 'quarter' },
    });
    expect((await download('/reports/next-year.csv', reporting)).status).toBe(400);
  });

  it('shows single entries to the county, the board and the city’s own staff, not to reporting', async () => {
    await allocationInForce();
    await spendAllOfMarl();
    const ENTRIES = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on District { id
      budgetAllocation(fiscalYear: ${year}) { allocated spent remaining }
      spendingEntries(fiscalYear: ${year}) { purpose documentReference } } } }`;
    type Answer = {
      _entities: {
        id: string;
        budgetAllocation: { allocated: number; spent: number; remaining: number } | null;
        spendingEntries: unknown[];
      }[];
    };
    const representations = [
      { __typename: 'District', id: 'marl' },
      { __typename: 'District', id: 'herten' },
    ];
    const asReporting = await graphql<Answer>(
      budget.url,
      ENTRIES,
      { r: representations },
      reporting,
    );
    expect(asReporting.errors).toBeUndefined();
    expect(asReporting.data!._entities[0]!.budgetAllocation!.remaining).toBe(0);
    expect(asReporting.data!._entities[0]!.spendingEntries).toEqual([]);
    const asMarl = await graphql<Answer>(budget.url, ENTRIES, { r: representations }, marlStaff);
    expect(asMarl.data!._entities[0]!.spendingEntries.length).toBeGreaterThan(0);
    expect(asMarl.data!._entities[1]!.budgetAllocation).toBeNull();
    expect(asMarl.data!._entities[1]!.spendingEntries).toEqual([]);
    const asBoard = await graphql<Answer>(budget.url, ENTRIES, { r: representations }, board);
    expect(asBoard.data!._entities[0]!.spendingEntries.length).toBeGreaterThan(0);
  });

  it('reads districts’ funds in the same number of SQL statements for 2 or 10 districts', async () => {
    await allocationInForce();
    await marlsSpendingOfTheYear();
    const schema = createSchema();
    const query = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on District { id
      budgetAllocation(fiscalYear: ${year}) { allocated spent allocation { id resolution { id } } }
      budgetAllocations { fiscalYear allocated }
      spendingEntries(fiscalYear: ${year}) { id reversalOf { id } reversedBy { id } } } } }`;
    const run = async (ids: string[]) => {
      const { result, queries } = await countQueries(() =>
        Promise.resolve(
          execute({
            schema,
            source: query,
            variableValues: { r: ids.map((id) => ({ __typename: 'District', id })) },
            contextValue: {
              principal: { subject: 't', roles: ['county_staff'] },
              ...budget,
              loaders: createLoaders(budget),
            },
          }),
        ),
      );
      expect(result.errors).toBeUndefined();
      return queries.length;
    };
    const two = await run(['marl', 'herten']);
    const ten = await run(TEN);
    // One statement per kind of lookup: district allocations of the year, entries, allocations, all years.
    expect(two).toBeLessThanOrEqual(4);
    expect(ten).toBe(two);
  });

  it('seeds the demo: a budget, the proposal with the agreed id once split and caseload are there, spending once adopted', async () => {
    const demoYear = new Date().getUTCFullYear();
    const demo = await startTestBudget({ brokers, env: { SEED_DEMO_DATA: 'true' } });
    try {
      // The caseload of the ten districts, then the board's adoption, which arrives before the
      // proposal exists, as it may in the demo.
      for (const id of TEN) await events.caseload(id, `${demoYear - 1}-12`, demoLikeCaseload(id));
      // The shared service copies them too: once it has, the next test's start removes them.
      await eventually(
        async () =>
          (
            await budget.dataSource.query(
              'SELECT count(*)::int AS n FROM caseload_copy WHERE month = $1',
              [`${demoYear - 1}-12-01`],
            )
          )[0].n === TEN.length,
        'the demo caseload copied by the shared service',
      );
      await events.adopt('POOL_SPLIT', {
        fiscalYear: demoYear,
        decentralShareBasisPoints: 6000,
        criteria: 'Nach Bedarfsindikatoren je Sozialraum (EinglMV-Methode)',
      });
      const resolutionId = await events.adopt('FUNDS_ALLOCATION', {
        allocationProposalId: demoAllocationProposalId(demoYear),
      });
      const proposal = await eventually(
        async () =>
          (await demo.allocations.proposalsByIds([demoAllocationProposalId(demoYear)]))[0] ?? null,
        'the demo proposal',
        60_000,
      );
      expect(proposal).toMatchObject({ fiscalYear: demoYear, status: 'ADOPTED', resolutionId });
      const lines = await demo.budgets.linesOf(demoYear);
      expect(new Set(lines.map((line) => line.source))).toEqual(new Set(['BUND', 'LAND', 'KREIS']));
      const districtsWithSpending = await eventually(
        async () => {
          const rows: { district_id: string }[] = await demo.dataSource.query(
            'SELECT DISTINCT district_id FROM spending_entry WHERE fiscal_year = $1',
            [demoYear],
          );
          return rows.length === TEN.length ? rows : null;
        },
        'demo spending of every district',
        60_000,
      );
      expect(districtsWithSpending!.map((row) => row.district_id).sort()).toEqual([...TEN].sort());
    } finally {
      await demo.stop();
    }
  });
  it('keeps another district’s figures and the proposal from a city’s staff, also through its own allocation', async () => {
    await allocationInForce();
    const NESTED = `{ _entities(representations: [{ __typename: "District", id: "marl" }]) {
      ... on District { budgetAllocation(fiscalYear: ${year}) { allocated allocation { districts { district { id } spent } } } } } }`;
    const own = await graphql<{ _entities: { budgetAllocation: { allocated: number } }[] }>(
      budget.url,
      `{ _entities(representations: [{ __typename: "District", id: "marl" }]) { ... on District { budgetAllocation(fiscalYear: ${year}) { allocated } } } }`,
      {},
      marlStaff,
    );
    expect(own.data!._entities[0]!.budgetAllocation.allocated).toBeGreaterThan(0);
    const others = await graphql(budget.url, NESTED, {}, marlStaff);
    expect(others.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const proposal = await graphql(
      budget.url,
      `{ _entities(representations: [{ __typename: "District", id: "marl" }]) { ... on District { budgetAllocation(fiscalYear: ${year}) { allocation { proposal { id } } } } } }`,
      {},
      reporting,
    );
    expect(proposal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an impossible date and a reversal dated before its entry, naming the field', async () => {
    await allocationInForce();
    await recordForMarl(100_000);
    const impossible = await graphql(
      budget.url,
      RECORD,
      { input: spendingInput('marl', 1, { bookedOn: `${year}-02-30` }) },
      marlStaff,
    );
    expect(impossible.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.bookedOn',
    });
    const [entry] = await budget.dataSource.query(
      `SELECT e.id FROM spending_entry e WHERE e.district_id = 'marl' AND e.reversal_of IS NULL
         AND e.amount_cents > 0 AND e.booked_on = $1
         AND NOT EXISTS (SELECT 1 FROM spending_entry r WHERE r.reversal_of = e.id) LIMIT 1`,
      [`${year}-05-12`],
    );
    const early = await graphql(
      budget.url,
      REVERSE,
      { id: entry.id, reason: 'zu früh gebucht', on: `${year}-02-01` },
      marlStaff,
    );
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'bookedOn',
    });
  });

  it('does not apply an adoption on a pool that changed, or one below what a district has spent; watches a raised amount anew', async () => {
    await allocationInForce();
    await spendAllOfMarl();
    const outcomeOf = (resolutionId: string) =>
      eventually(
        async () =>
          (
            await budget.dataSource.query(
              'SELECT outcome FROM allocation_adoption WHERE resolution_id = $1 AND outcome <> $2',
              [resolutionId, 'PENDING'],
            )
          )[0]?.outcome as string | undefined,
        `the adoption ${resolutionId}`,
      );
    const before = await marlAllocation();
    expect(before.spent).toBeGreaterThan(0.9 * before.amount);
    const setFunds = async (amount: number) => {
      const set = await graphql(
        budget.url,
        SET_LINE,
        { input: { fiscalYear: year, category: 'INTEGRATION_FUNDS', source: 'BUND', amount } },
        county,
      );
      expect(set.errors).toBeUndefined();
    };
    const propose = async () => {
      const response = await graphql<{ proposeAllocation: { id: string } }>(
        budget.url,
        `mutation { proposeAllocation(fiscalYear: ${year}) { id } }`,
        {},
        county,
      );
      expect(response.errors).toBeUndefined();
      return response.data!.proposeAllocation.id;
    };
    const [inForce] = await budget.dataSource.query(
      'SELECT proposal_id FROM allocation WHERE fiscal_year = $1',
      [year],
    );

    // Less integration funds: the adopted proposal's pool is no longer the decentral pool.
    await setFunds(5_000_000_000);
    const stale = await events.adopt('FUNDS_ALLOCATION', {
      allocationProposalId: inForce.proposal_id,
    });
    expect(await outcomeOf(stale)).toBe('STALE');
    // A proposal on the smaller pool gives Marl less than it has spent.
    const smaller = await propose();
    const below = await events.adopt('FUNDS_ALLOCATION', { allocationProposalId: smaller });
    expect(await outcomeOf(below)).toBe('BELOW_SPENDING');
    expect(await marlAllocation()).toEqual(before);

    // More funds: the raised amount is in force, and 90 % of it is reached (again) at once.
    const thresholds = await readTopic(topics.allocationThresholdReached.name, brokers);
    await setFunds(6_000_000_000);
    const raised = await events.adopt('FUNDS_ALLOCATION', {
      allocationProposalId: await propose(),
    });
    expect(await outcomeOf(raised)).toBe('IN_FORCE');
    const after = await marlAllocation();
    expect(after.amount).toBeGreaterThan(before.amount);
    expect(after.spent).toBe(before.spent);
    const [again] = await thresholds.waitFor((message) => {
      const data = message.value.data as {
        districtId: string;
        fiscalYear: number;
        allocatedCents: number;
      };
      return (
        data.districtId === 'marl' &&
        data.fiscalYear === year &&
        data.allocatedCents === after.amount
      );
    });
    expect(again!.value.data).toMatchObject({ thresholdPercent: 90, spentCents: before.spent });
    await thresholds.stop();
  });
  it('settles a commitment by its expenditure in one step', async () => {
    await allocationInForce();
    await recordForMarl(500_000, { kind: 'COMMITMENT', bookedOn: `${year}-11-03` });
    const SETTLE =
      'mutation S($id: ID!, $amount: Cents!) { settleCommitment(commitmentId: $id, amount: $amount, bookedOn: "' +
      `${year}-12-01` +
      '", documentReference: "RE-2031-77") { id kind amount } }';
    const [commitment] = await budget.dataSource.query(
      `SELECT e.id, e.amount_cents FROM spending_entry e WHERE e.district_id = 'marl' AND e.fiscal_year = $1
         AND e.kind = 'COMMITMENT' AND e.amount_cents > 0
         AND NOT EXISTS (SELECT 1 FROM spending_entry r WHERE r.reversal_of = e.id) LIMIT 1`,
      [year],
    );
    const { spent: before } = await marlAllocation();
    const amount = Number(commitment.amount_cents) - 100;
    const otherCity = await graphql(
      budget.url,
      SETTLE,
      { id: commitment.id, amount },
      await tokenFor('city_staff', 'herten'),
    );
    expect(otherCity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const settled = await graphql<{
      settleCommitment: { id: string; kind: string; amount: number };
    }>(budget.url, SETTLE, { id: commitment.id, amount }, marlStaff);
    expect(settled.errors).toBeUndefined();
    expect(settled.data!.settleCommitment).toMatchObject({ kind: 'EXPENDITURE', amount });
    // The commitment is reversed, the expenditure booked: spending drops by the difference.
    expect((await marlAllocation()).spent).toBe(before - 100);
    const [reversal] = await budget.dataSource.query(
      'SELECT amount_cents FROM spending_entry WHERE reversal_of = $1',
      [commitment.id],
    );
    expect(Number(reversal.amount_cents)).toBe(-Number(commitment.amount_cents));
    const twice = await graphql(budget.url, SETTLE, { id: commitment.id, amount }, marlStaff);
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const notACommitment = await graphql(
      budget.url,
      SETTLE,
      { id: settled.data!.settleCommitment.id, amount: 1 },
      marlStaff,
    );
    expect(notACommitment.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'commitmentId',
    });
  });
  it('compares need within the latest month all ten districts reported', async () => {
    await Promise.all([setBudget(), adoptPoolSplit(), reportCaseload()]);
    // Marl alone has reported November already: the proposal still compares October.
    await events.caseload('marl', `${year - 1}-11`, demoLikeCaseload('marl'));
    await eventually(
      async () =>
        (
          await budget.dataSource.query(
            `SELECT 1 FROM caseload_copy WHERE district_id = 'marl' AND month = $1`,
            [`${year - 1}-11-01`],
          )
        ).length > 0,
      'Marl’s November',
    );
    const proposed = await graphql<{
      proposeAllocation: { districts: { caseloadMonth: string }[] };
    }>(
      budget.url,
      `mutation { proposeAllocation(fiscalYear: ${year}) { districts { caseloadMonth } } }`,
      {},
      county,
    );
    expect(proposed.errors).toBeUndefined();
    expect(new Set(proposed.data!.proposeAllocation.districts.map((d) => d.caseloadMonth))).toEqual(
      new Set([`${year - 1}-10`]),
    );
  });
});
