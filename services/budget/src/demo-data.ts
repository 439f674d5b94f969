import { DemoProgress, DemoSeedingStopped, waitUntil } from '@jobcenter/subgraph-server';
import { CITY_IDS } from '@jobcenter/auth';
import type { Logger } from '@jobcenter/logger';
import type { DataSource } from 'typeorm';
import type { BudgetServices } from './application';
import type { BudgetLine } from './domain/budget';
import { AllocationsRepository } from './repositories/allocations.repository';
import { CaseloadCopiesRepository } from './repositories/caseload-copies.repository';
import { PoolSplitsRepository } from './repositories/pool-splits.repository';
import { SpendingEntriesRepository } from './repositories/spending-entries.repository';

/**
 * The id of the demo allocation proposal of a year. The governance demo data adopts a
 * FUNDS_ALLOCATION resolution with this id; the budget demo data creates the proposal under it
 * (in whichever order the two happen, the adoption applies once both exist).
 */
export const demoAllocationProposalId = (year: number): string =>
  `a110ca7e-0000-4000-8000-${String(year).padStart(12, '0')}`;

const euros = (amount: number) => amount * 100;

/**
 * The demo budget of a year: estimates of the order of Kreis Recklinghausen's, not official
 * figures (docs/demo-data.md explains them). Integration funds: the county's EinglMV share of the
 * federal funds (1.3651 % in 2024) of roughly 4.1 billion euros gives about 55 million euros from
 * the Bund, plus Land and Kreis programmes; administrative and personnel costs with the municipal
 * share of 15.2 % (§ 46 Abs. 1 SGB II) borne by the Kreis.
 */
export const demoBudget = (fiscalYear: number): BudgetLine[] =>
  (
    [
      ['INTEGRATION_FUNDS', 'BUND', 55_400_000],
      ['INTEGRATION_FUNDS', 'LAND', 1_800_000],
      ['INTEGRATION_FUNDS', 'KREIS', 2_500_000],
      ['ADMINISTRATIVE_COSTS', 'BUND', 24_500_000],
      ['ADMINISTRATIVE_COSTS', 'KREIS', 4_391_000],
      ['PERSONNEL_COSTS', 'BUND', 43_600_000],
      ['PERSONNEL_COSTS', 'KREIS', 7_815_000],
    ] as const
  ).map(([category, source, amount]) => ({
    fiscalYear,
    category,
    source,
    amountCents: euros(amount),
  }));

/**
 * Seeds the current fiscal year, once: the budget; then, when the board's pool split is in force
 * and every district has reported caseload, the demo proposal; then, when the board has adopted
 * it, a few commitments and expenditures of every district (and one reversal).
 */
export async function seedDemoBudget(
  services: BudgetServices,
  dataSource: DataSource,
  logger: Logger,
  options: { signal: AbortSignal; today?: Date; timeoutMs?: number },
): Promise<void> {
  const today = options.today ?? new Date();
  const year = today.getUTCFullYear();
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  if ((await services.budgets.linesOf(year)).length === 0) {
    for (const line of demoBudget(year)) await services.budgets.setLine(line, 'demo-data');
    logger.info({ year }, 'seeded the demo budget');
  }

  const proposalId = demoAllocationProposalId(year);
  if ((await services.allocations.proposalsByIds([proposalId])).length === 0) {
    logger.info(
      'demo data waits for the pool split (a POOL_SPLIT resolution) and caseload of all ten districts',
    );
    const ready = await waitUntil(
      async () =>
        (await new PoolSplitsRepository(dataSource.manager).inForce(year)) !== null &&
        (await new CaseloadCopiesRepository(dataSource.manager).reportingDistricts(CITY_IDS)) ===
          CITY_IDS.length,
      { signal: options.signal, timeoutMs },
    );
    if (!ready) {
      if (!options.signal.aborted)
        logger.warn('no pool split or caseload arrived; the demo allocation proposal was not made');
      return;
    }
    await services.allocations.propose(year, 'demo-data', proposalId);
    logger.info({ proposalId }, 'proposed the demo allocation');
  }

  const adopted = await waitUntil(
    async () => (await new AllocationsRepository(dataSource.manager).ofYears([year])).length > 0,
    { signal: options.signal, timeoutMs },
  );
  if (!adopted) {
    if (!options.signal.aborted)
      logger.warn('the board did not adopt the demo allocation; no demo spending recorded');
    return;
  }
  // The spending in recorded steps: cut short, it resumes with the district where it stopped.
  const progress = await DemoProgress.open(dataSource, options.signal);
  const complete = `${year}:spending-complete`;
  if (progress.has(complete)) return;
  if (
    progress.finished === 0 &&
    (await new SpendingEntriesRepository(dataSource.manager).anyOfYear(year))
  ) {
    await progress.markDone([complete]);
    return;
  }
  const allocations = await services.allocations.districtAllocations(year, [...CITY_IDS]);
  const todayDate = today.toISOString().slice(0, 10);
  const early = `${year}-01-15` < todayDate ? `${year}-01-15` : todayDate;
  for (const [index, allocation] of allocations.entries()) {
    const share = (percent: number) => Math.floor((allocation.amountCents * percent) / 100);
    const reference = (n: number) =>
      `EGT-${year}-${allocation.districtId.slice(0, 3).toUpperCase()}-${n}`;
    const step = (name: string) => `${year}:spending-${allocation.districtId}-${name}`;
    try {
      await progress.step(step('commitment'), async () => {
        await services.spending.record(
          allocation.districtId,
          year,
          {
            kind: 'COMMITMENT',
            amountCents: share(30 + (index % 4) * 5),
            purpose: 'Maßnahmen zur Aktivierung und beruflichen Eingliederung (Gruppenmaßnahme)',
            legalBasis: '§ 16 Abs. 1 SGB II i. V. m. § 45 SGB III',
            bookedOn: early,
            documentReference: reference(1),
          },
          'demo-data',
        );
        return null;
      });
      const expenditureId = await progress.step(
        step('expenditure'),
        async () =>
          (
            await services.spending.record(
              allocation.districtId,
              year,
              {
                kind: 'EXPENDITURE',
                amountCents: share(15 + (index % 3) * 5),
                purpose: 'Eingliederungszuschüsse an Arbeitgeber',
                legalBasis: '§ 16 Abs. 1 SGB II i. V. m. § 88 SGB III',
                bookedOn: todayDate,
                documentReference: reference(2),
              },
              'demo-data',
            )
          ).id,
      );
      if (index === 0) {
        await progress.step(step('reversal'), async () => {
          await services.spending.reverse(
            expenditureId,
            'Beleg doppelt erfasst',
            todayDate,
            'demo-data',
          );
          return null;
        });
      }
    } catch (error) {
      if (!(error instanceof DemoSeedingStopped)) throw error;
      logger.info(error.message);
      return;
    }
  }
  await progress.markDone([complete]);
  logger.info('seeded demo spending for every district');
}
