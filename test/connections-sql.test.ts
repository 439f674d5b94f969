import { randomUUID } from 'node:crypto';
import { encodeCursor, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import { ownKafkaBroker } from '@jobcenter/testing';
import type { BudgetService } from '../services/budget/src/service';
import { startTestBudget } from '../services/budget/test/support/budget';
import type { GovernanceService } from '../services/governance/src/service';
import { startTestGovernance } from '../services/governance/test/support/governance';
import type { PersonnelService } from '../services/personnel/src/service';
import { startTestPersonnel } from '../services/personnel/test/support/personnel';

/**
 * Every connection's keyset statements on real PostgreSQL: a first page with its count, and a page
 * on each side of a cursor of the list's own key shape (the statements a second page sends).
 */
describe('the keyset statements of every connection', () => {
  // The lists must start empty: on the shared broker, other suites' events (a leadership
  // appointment, the transfer group's report) would become submissions meanwhile.
  const broker = ownKafkaBroker('connections-sql');
  let governance: GovernanceService;
  let budget: BudgetService;
  let personnel: PersonnelService;

  beforeAll(async () => {
    const brokers = broker.start();
    [governance, budget, personnel] = await Promise.all([
      startTestGovernance({ brokers }),
      startTestBudget({ brokers }),
      startTestPersonnel({ brokers }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([governance?.stop(), budget?.stop(), personnel?.stop()]);
    broker.stop();
  });

  const time = '2026-01-15 10:00:00.123456+00';
  const lists: [string, string[], (page: PageArguments) => Promise<Connection<unknown>>][] = [
    ['submissions', [time, randomUUID()], (page) => governance.submissions.page(page)],
    [
      'meetings',
      [time, randomUUID()],
      (page) => governance.meetings.page('BOARD', null, null, page),
    ],
    ['resolutions', ['2026/001', randomUUID()], (page) => governance.resolutions.page(null, page)],
    ['transfers', [time, randomUUID()], (page) => personnel.transfers.page({}, page)],
    ['appointments', [time, randomUUID()], (page) => personnel.appointments.page(undefined, page)],
    [
      'employees',
      ['marl', 'BENEFITS_CASEWORK', 'P-1', randomUUID()],
      (page) => personnel.employees.page({ workplaces: ['marl'] }, page),
    ],
    [
      'posts',
      ['ST-MARL-0001', randomUUID()],
      async (page) => (await personnel.posts.pagesOfUnits(['marl'], 'VACANT', page)).get('marl')!,
    ],
    [
      'advertisements',
      ['2026-01-01', randomUUID()],
      async (page) => {
        const id = randomUUID();
        return (await personnel.posts.advertisementPagesOf([id], page)).get(id)!;
      },
    ],
    [
      'spendingEntries',
      [time, randomUUID()],
      async (page) => (await budget.spending.entryPagesOf(2026, ['marl'], page)).get('marl')!,
    ],
  ];

  it.each(lists)(
    '%s: a first page, its count, and pages after and before a cursor',
    async (name, key, page) => {
      const first = await page({ first: 2 });
      expect(first.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      });
      expect(await first.totalCount()).toBe(0);
      const cursor = encodeCursor(name, key);
      expect((await page({ first: 2, after: cursor })).pageInfo.hasPreviousPage).toBe(true);
      expect((await page({ last: 2, before: cursor })).pageInfo.hasNextPage).toBe(true);
    },
  );
});
