import { RuleViolation } from '@jobcenter/kernel';
import { Fraction, largestRemainder, sum } from './fraction';

/** Need indicators read from a district's latest caseload report. */
export const NEED_INDICATORS = [
  'ELIGIBLE_JOBSEEKERS',
  'LONG_TERM_RECIPIENTS',
  'JOBSEEKERS_UNDER_25',
  'BENEFIT_HOUSEHOLDS',
] as const;
export type NeedIndicator = (typeof NEED_INDICATORS)[number];

/** What a district's need is measured by: its latest caseload figures (and, for EinglMV, its population). */
export interface DistrictNeed {
  districtId: string;
  /** The month of the caseload report the figures come from. */
  month: string;
  eligibleJobseekers: number;
  longTermRecipients: number;
  eligibleJobseekersUnder25: number;
  benefitHouseholds: number;
}

/**
 * The allocation model (Verteilungsschlüssel), data the Fachbereich sets:
 * - `WEIGHTED_SHARES`: each district gets the weighted sum of its shares of the county's
 *   indicators, e.g. 50 % by its share of eligible jobseekers, 30 % of long-term recipients,
 *   20 % of jobseekers under 25. Weights in basis points (1/100 %), adding up to 10,000.
 * - `EINGLMV`: the federal method of the Eingliederungsmittel-Verordnung (§ 1) applied to the
 *   districts: a base share by eligible jobseekers (eLb); one part of it (default half) adjusted by
 *   the problem pressure (eLb / working-age population), the other part by the structure
 *   (long-term recipients / eLb), each raised or lowered by a fraction (default a quarter) of the
 *   district's relative deviation from the county value.
 */
export type AllocationModel =
  | {
      kind: 'WEIGHTED_SHARES';
      weights: { indicator: NeedIndicator; weightBasisPoints: number }[];
    }
  | {
      kind: 'EINGLMV';
      problemPressureBasisPoints: number;
      structureBasisPoints: number;
      deviationFactorBasisPoints: number;
      /** Working-age population (15 to under 67) per district; the EinglMV's denominator of problem pressure. */
      workingAgePopulation: Record<string, number>;
    };

/** How one indicator (or adjustment) contributed to a district's amount. */
export interface Contribution {
  indicator: string;
  amountCents: bigint;
  /** The district's figure behind it, e.g. its share of the county's eligible jobseekers. */
  explanation: string;
}

export interface DistrictAmount {
  districtId: string;
  amountCents: bigint;
  caseloadMonth: string;
  contributions: Contribution[];
}

const BASIS = 10_000n;

const figureOf = (need: DistrictNeed, indicator: NeedIndicator): number =>
  ({
    ELIGIBLE_JOBSEEKERS: need.eligibleJobseekers,
    LONG_TERM_RECIPIENTS: need.longTermRecipients,
    JOBSEEKERS_UNDER_25: need.eligibleJobseekersUnder25,
    BENEFIT_HOUSEHOLDS: need.benefitHouseholds,
  })[indicator];

const percent = (share: Fraction) => `${(share.toNumber(6) * 100).toFixed(2)} %`;

/** Refuses a model that cannot be applied; `field` names the wrong part of it. */
export function checkModel(model: AllocationModel, districtIds: readonly string[] = []): void {
  if (model.kind === 'WEIGHTED_SHARES') {
    if (model.weights.length === 0)
      throw new RuleViolation('The model needs at least one weighted indicator', 'model.weights');
    const seen = new Set<string>();
    for (const weight of model.weights) {
      if (!Number.isInteger(weight.weightBasisPoints) || weight.weightBasisPoints <= 0)
        throw new RuleViolation(
          `The weight of ${weight.indicator} must be a positive whole number of basis points`,
          'model.weights',
        );
      if (seen.has(weight.indicator))
        throw new RuleViolation(`${weight.indicator} is weighted twice`, 'model.weights');
      seen.add(weight.indicator);
    }
    const total = model.weights.reduce((acc, weight) => acc + weight.weightBasisPoints, 0);
    if (total !== 10_000)
      throw new RuleViolation(
        `The weights must add up to 10000 basis points (100 %), not ${total}`,
        'model.weights',
      );
    return;
  }
  const parts = [model.problemPressureBasisPoints, model.structureBasisPoints];
  if (parts.some((part) => !Number.isInteger(part) || part < 0) || parts[0]! + parts[1]! !== 10_000)
    throw new RuleViolation(
      'The problem-pressure and structure parts must be whole basis points adding up to 10000',
      'model.problemPressureBasisPoints',
    );
  if (
    !Number.isInteger(model.deviationFactorBasisPoints) ||
    model.deviationFactorBasisPoints < 0 ||
    model.deviationFactorBasisPoints > 9_999
  )
    throw new RuleViolation(
      'The deviation factor must be between 0 and 9999 basis points (the EinglMV uses 2500)',
      'model.deviationFactorBasisPoints',
    );
  for (const districtId of districtIds) {
    const population = model.workingAgePopulation[districtId];
    if (!Number.isInteger(population) || population! <= 0)
      throw new RuleViolation(
        `The EinglMV model needs the working-age population of ${districtId}`,
        'model.workingAgePopulation',
      );
  }
}

/** Each district's exact (unrounded) amount, split into the parts that explain it. */
type ExactParts = Map<string, { indicator: string; value: Fraction; explanation: string }[]>;

function weightedShares(
  model: Extract<AllocationModel, { kind: 'WEIGHTED_SHARES' }>,
  needs: readonly DistrictNeed[],
  pool: Fraction,
): ExactParts {
  const parts: ExactParts = new Map(needs.map((need) => [need.districtId, []]));
  for (const { indicator, weightBasisPoints } of model.weights) {
    const county = needs.reduce((acc, need) => acc + figureOf(need, indicator), 0);
    if (county === 0)
      throw new RuleViolation(
        `No district reports any ${indicator}: that indicator cannot weigh need`,
        'model.weights',
      );
    for (const need of needs) {
      const share = Fraction.of(figureOf(need, indicator), county);
      parts.get(need.districtId)!.push({
        indicator,
        value: pool.times(Fraction.of(weightBasisPoints, BASIS)).times(share),
        explanation: `${percent(share)} of the county's ${indicator} (${figureOf(need, indicator)} of ${county}), weighted ${weightBasisPoints / 100} %`,
      });
    }
  }
  return parts;
}

function einglmv(
  model: Extract<AllocationModel, { kind: 'EINGLMV' }>,
  needs: readonly DistrictNeed[],
  pool: Fraction,
): ExactParts {
  const totalJobseekers = needs.reduce((acc, need) => acc + need.eligibleJobseekers, 0);
  const totalLongTerm = needs.reduce((acc, need) => acc + need.longTermRecipients, 0);
  const totalPopulation = needs.reduce(
    (acc, need) => acc + model.workingAgePopulation[need.districtId]!,
    0,
  );
  if (totalJobseekers === 0 || totalLongTerm === 0)
    throw new RuleViolation(
      'No district reports eligible jobseekers or long-term recipients: the EinglMV model has no basis',
      'model',
    );
  const factor = Fraction.of(model.deviationFactorBasisPoints, BASIS);
  const pressureWeight = Fraction.of(model.problemPressureBasisPoints, BASIS);
  const structureWeight = Fraction.of(model.structureBasisPoints, BASIS);
  const countyPressure = Fraction.of(totalJobseekers, totalPopulation);
  const countyStructure = Fraction.of(totalLongTerm, totalJobseekers);

  // raw = base × (1 + wP·f·(P/P̄ − 1) + wS·f·(S/S̄ − 1)), written as three parts.
  const raw = needs.map((need) => {
    const base = Fraction.of(need.eligibleJobseekers, totalJobseekers);
    const pressure = Fraction.of(
      need.eligibleJobseekers,
      model.workingAgePopulation[need.districtId]!,
    );
    const structure =
      need.eligibleJobseekers === 0
        ? countyStructure
        : Fraction.of(need.longTermRecipients, need.eligibleJobseekers);
    const pressureDeviation = pressure.dividedBy(countyPressure).minus(Fraction.ONE);
    const structureDeviation = structure.dividedBy(countyStructure).minus(Fraction.ONE);
    return {
      need,
      base,
      pressure: base.times(pressureWeight).times(factor).times(pressureDeviation),
      structure: base.times(structureWeight).times(factor).times(structureDeviation),
      pressureDeviation,
      structureDeviation,
    };
  });
  const total = sum(raw.flatMap((entry) => [entry.base, entry.pressure, entry.structure]));
  const scale = pool.dividedBy(total);
  return new Map(
    raw.map((entry) => [
      entry.need.districtId,
      [
        {
          indicator: 'ELIGIBLE_JOBSEEKERS',
          value: entry.base.times(scale),
          explanation: `base share: ${percent(entry.base)} of the county's eligible jobseekers (${entry.need.eligibleJobseekers} of ${totalJobseekers})`,
        },
        {
          indicator: 'PROBLEM_PRESSURE',
          value: entry.pressure.times(scale),
          explanation: `eligible jobseekers per working-age inhabitant ${percent(entry.pressureDeviation)} against the county`,
        },
        {
          indicator: 'STRUCTURE',
          value: entry.structure.times(scale),
          explanation: `long-term recipients per eligible jobseeker ${percent(entry.structureDeviation)} against the county`,
        },
      ],
    ]),
  );
}

/**
 * The need indicators on which the districts differ: all the board uses (not only those the
 * model weights: a model weighting one indicator that happens to be equal everywhere must not
 * pass an equal split while the others differ), and for EinglMV the working-age population.
 */
function differingNeeds(model: AllocationModel, needs: readonly DistrictNeed[]): string[] {
  const [first] = needs;
  const differing: string[] = NEED_INDICATORS.filter((indicator) =>
    needs.some((need) => figureOf(need, indicator) !== figureOf(first!, indicator)),
  );
  if (
    model.kind === 'EINGLMV' &&
    needs.some(
      (need) =>
        model.workingAgePopulation[need.districtId] !==
        model.workingAgePopulation[first!.districtId],
    )
  )
    differing.push('WORKING_AGE_POPULATION');
  return differing;
}

/**
 * Allocates the decentral pool of integration funds to the districts by social space
 * (docs/rules.md#rule-18): by the model's need indicators, rounded to the cent by largest remainder so that the
 * amounts add up to the pool exactly, each with the contributions that explain it (which add up to
 * its amount exactly). An equal split (every district within a cent of the others) is refused
 * unless the districts' needs are equal too: no watering can (Gießkannenprinzip).
 */
export function allocateBySocialSpace(
  poolCents: bigint,
  model: AllocationModel,
  needs: readonly DistrictNeed[],
): DistrictAmount[] {
  if (poolCents < 0n) throw new RuleViolation('The pool cannot be negative', 'poolCents');
  if (needs.length === 0)
    throw new RuleViolation('There are no districts with caseload data to allocate to', 'needs');
  const ids = needs.map((need) => need.districtId);
  if (new Set(ids).size !== ids.length)
    throw new RuleViolation('A district appears twice in the need data', 'needs');
  checkModel(model, ids);
  const sorted = [...needs].sort((a, b) => (a.districtId < b.districtId ? -1 : 1));
  const pool = new Fraction(poolCents);
  const parts =
    model.kind === 'WEIGHTED_SHARES'
      ? weightedShares(model, sorted, pool)
      : einglmv(model, sorted, pool);

  const amounts = largestRemainder(
    sorted.map((need) => ({
      key: need.districtId,
      value: sum(parts.get(need.districtId)!.map((part) => part.value)),
    })),
    poolCents,
  );

  if (sorted.length > 1 && poolCents >= BigInt(sorted.length)) {
    const values = [...amounts.values()];
    const spread =
      values.reduce((a, b) => (a > b ? a : b)) - values.reduce((a, b) => (a < b ? a : b));
    const differing = spread <= 1n ? differingNeeds(model, sorted) : [];
    if (differing.length > 0)
      throw new RuleViolation(
        `The model would split the pool equally although the districts’ needs differ (${differing.join(', ')}): an equal split (Gießkannenprinzip) is excluded; weight indicators that tell the districts’ needs apart`,
        'model',
      );
  }

  return sorted.map((need) => {
    const amountCents = amounts.get(need.districtId)!;
    const districtParts = parts.get(need.districtId)!;
    const rounded = largestRemainder(
      districtParts.map((part) => ({ key: part.indicator, value: part.value })),
      amountCents,
    );
    return {
      districtId: need.districtId,
      amountCents,
      caseloadMonth: need.month,
      contributions: districtParts.map((part) => ({
        indicator: part.indicator,
        amountCents: rounded.get(part.indicator)!,
        explanation: part.explanation,
      })),
    };
  });
}
