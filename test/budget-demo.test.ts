import { CITY_IDS } from '@jobcenter/auth';
import type { BudgetService } from '../services/budget/src/service';
import { demoAllocationProposalId } from '../services/budget/src/demo-data';
import { eventually, startTestBudget } from '../services/budget/test/support/budget';
import type { DistrictsService } from '../services/districts/src/service';
import { startTestDistricts } from '../services/districts/test/support/districts';
import { demoAllocationProposalId as adoptedByTheBoard } from '../services/governance/src/demo-data';
import type { GovernanceService } from '../services/governance/src/service';
import { startTestGovernance } from '../services/governance/test/support/governance';
import { ownKafkaBroker } from '@jobcenter/testing';

/**
 * The demo data of districts, governance and budget together, as `npm start` seeds it, on a
 * broker of the suite's own: the year's budget, the allocation the demo board adopts, and
 * spending of every district.
 */
const broker = ownKafkaBroker('budget-demo');

describe('the demo: a year’s budget, an adopted allocation and spending of every district', () => {
  let districts: DistrictsService;
  let governance: GovernanceService;
  let budget: BudgetService;

  beforeAll(async () => {
    broker.start();
    const brokers = broker.brokers();
    const env = { SEED_DEMO_DATA: 'true' };
    [districts, governance, budget] = await Promise.all([
      startTestDistricts({ brokers, env }),
      startTestGovernance({ brokers, env }),
      startTestBudget({ brokers, env }),
    ]);
  });
  afterAll(async () => {
    await budget?.stop();
    await governance?.stop();
    await districts?.stop();
    broker.stop();
  });

  it('adopts the budget demo’s proposal by the governance demo’s resolution and records spending', async () => {
    const year = new Date().getUTCFullYear();
    expect(adoptedByTheBoard(year)).toBe(demoAllocationProposalId(year));

    const [allocation] = (await eventually(
      async () => {
        const found = await budget.allocations.allocationsOfYears([year]);
        return found.length > 0 ? found : null;
      },
      'the adopted demo allocation',
      120_000,
    ))!;
    expect(allocation).toMatchObject({
      fiscalYear: year,
      proposalId: demoAllocationProposalId(year),
    });
    const lines = await budget.budgets.linesOf(year);
    const integrationFunds = lines
      .filter((line) => line.category === 'INTEGRATION_FUNDS')
      .reduce((sum, line) => sum + line.amountCents, 0);
    // The governance demo's pool split: 60 % decentral.
    expect(allocation!.poolCents).toBe(Math.floor((integrationFunds * 6000) / 10_000));

    const shares = await eventually(
      async () => {
        const rows = await budget.allocations.districtAllocations(year, [...CITY_IDS]);
        return rows.length === 10 && rows.every((row) => row.spentCents > 0) ? rows : null;
      },
      'demo spending of every district',
      60_000,
    );
    expect(shares!.reduce((sum, row) => sum + row.amountCents, 0)).toBe(allocation!.poolCents);
    for (const share of shares!) expect(share.remainingCents).toBeGreaterThan(0);
    // The resolution behind the allocation is the demo board's.
    const [resolution] = await governance.resolutions.byIds([allocation!.resolutionId]);
    expect(resolution?.status).toMatch(/^ADOPTED/);
  });
});
