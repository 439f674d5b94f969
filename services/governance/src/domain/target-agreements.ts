import { Conflict, NotFound, RuleViolation } from '@jobcenter/kernel';
import type { Benchmark, DistrictBenchmark } from './benchmarking';

/**
 * Targets of an annual target agreement (Zielvereinbarung) between the county and a city
 * (docs/rules.md#rule-14). The caseload indicators are measured by the § 48a benchmark; the Haus der
 * sozialen Leistungen and the Lotse function by standard reports of the district office.
 */
export type TargetIndicator =
  | 'SUBSISTENCE_BENEFITS_CHANGE'
  | 'INTEGRATION_RATE'
  | 'LONG_TERM_RECIPIENTS_CHANGE'
  | 'HOUSE_OF_SOCIAL_SERVICES_STANDARDS'
  | 'GUIDE_STANDARDS';

export type ControllingStatus = 'ON_TRACK' | 'AT_RISK' | 'MISSED' | 'NO_DATA';

interface IndicatorRule {
  /** Which benchmark figure measures it (none: standard reports). */
  measure: 'k1' | 'k2' | 'k3' | null;
  better: 'lower' | 'higher';
  /** How far from the target a value is still at risk rather than missed (percentage points). */
  tolerance: number;
}

export const TARGET_INDICATORS: Record<TargetIndicator, IndicatorRule> = {
  SUBSISTENCE_BENEFITS_CHANGE: { measure: 'k1', better: 'lower', tolerance: 2 },
  INTEGRATION_RATE: { measure: 'k2', better: 'higher', tolerance: 2 },
  LONG_TERM_RECIPIENTS_CHANGE: { measure: 'k3', better: 'lower', tolerance: 2 },
  HOUSE_OF_SOCIAL_SERVICES_STANDARDS: { measure: null, better: 'higher', tolerance: 10 },
  GUIDE_STANDARDS: { measure: null, better: 'higher', tolerance: 10 },
};

export interface Target {
  indicator: TargetIndicator;
  targetValue: number;
}

export function validateTargets(targets: readonly Target[]): void {
  if (targets.length === 0)
    throw new RuleViolation('A target agreement needs at least one target', 'targets');
  const seen = new Set<string>();
  for (const target of targets) {
    if (!(target.indicator in TARGET_INDICATORS))
      throw new RuleViolation(`Unknown indicator ${target.indicator}`, 'targets.indicator');
    if (seen.has(target.indicator))
      throw new RuleViolation(`${target.indicator} is targeted twice`, 'targets.indicator');
    seen.add(target.indicator);
    if (!Number.isFinite(target.targetValue))
      throw new RuleViolation('targetValue must be a number', 'targets.targetValue');
    if (
      TARGET_INDICATORS[target.indicator].measure === null &&
      (target.targetValue < 0 || target.targetValue > 100)
    ) {
      throw new RuleViolation(
        `${target.indicator} is a share of standards met, 0 to 100`,
        'targets.targetValue',
      );
    }
  }
}

export interface TargetControlling {
  actualValue: number | null;
  status: ControllingStatus;
  explanation: string;
}

/**
 * Implementation controlling (Umsetzungscontrolling) of one target: the latest figure against the
 * target. ON_TRACK when it meets the target, AT_RISK within the indicator's tolerance, MISSED
 * beyond it, NO_DATA without a figure.
 */
export function controlTarget(
  target: Target,
  latest: { month: string; benchmark: DistrictBenchmark } | null,
): TargetControlling {
  const rule = TARGET_INDICATORS[target.indicator];
  if (rule.measure === null) {
    return {
      actualValue: null,
      status: 'NO_DATA',
      explanation: 'no standard report of the district office has arrived yet',
    };
  }
  const figure = latest?.benchmark[rule.measure];
  if (!latest || !figure || figure.value === null) {
    return {
      actualValue: null,
      status: 'NO_DATA',
      explanation: figure?.missingReason ?? 'no caseload reports of this year yet',
    };
  }
  const actual = figure.value;
  const shortfall =
    rule.better === 'lower' ? actual - target.targetValue : target.targetValue - actual;
  const status: ControllingStatus =
    shortfall <= 0 ? 'ON_TRACK' : shortfall <= rule.tolerance ? 'AT_RISK' : 'MISSED';
  return {
    actualValue: actual,
    status,
    explanation: `${latest.month}: ${actual} against the target ${target.targetValue} (${rule.better} is better)`,
  };
}

/** A target agreement as the Fachbereich drafts it. */
export interface TargetAgreementDraft {
  districtId: string;
  year: number;
  houseOfSocialServicesScope: string;
  guideScope: string;
  targets: Target[];
}

/** Checks a draft before it is stored: its targets, its year and both scopes named. */
export function validateDraft(input: TargetAgreementDraft): void {
  validateTargets(input.targets);
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
    throw new RuleViolation('year must be a year', 'year');
  if (input.houseOfSocialServicesScope.trim().length < 3)
    throw new RuleViolation(
      'Name the scope of the Haus der sozialen Leistungen',
      'houseOfSocialServicesScope',
    );
  if (input.guideScope.trim().length < 3)
    throw new RuleViolation('Name the scope of the Lotse function', 'guideScope');
}

/**
 * Whether a TARGET_AGREEMENT resolution may conclude the agreement it names: it exists (status
 * null: it does not) and is not concluded yet.
 */
export function requireConcludable(
  targetAgreementId: string,
  status: 'DRAFT' | 'CONCLUDED' | null,
): void {
  if (status === null)
    throw new NotFound(
      `The resolution names target agreement ${targetAgreementId}, which does not exist`,
      'proposal.targetAgreementId',
    );
  if (status === 'CONCLUDED')
    throw new Conflict('This target agreement is already concluded', 'proposal.targetAgreementId');
}

/** Controlling of each target of an agreement against the benchmark of `latestMonth` (the year's latest figures). */
export function controlAgreement(
  agreement: { districtId: string; targets: readonly (Target & { id: string })[] },
  latestMonth: string | null,
  benchmark: Benchmark | null,
): (TargetControlling & { targetId: string })[] {
  const own =
    benchmark?.districts.find((entry) => entry.districtId === agreement.districtId) ?? null;
  return agreement.targets.map((target) => ({
    targetId: target.id,
    ...controlTarget(target, own && latestMonth ? { month: latestMonth, benchmark: own } : null),
  }));
}
