import type { MilliFte } from './fte';

/**
 * A staffing key (Personalschlüssel, docs/rules.md#rule-13): cases per full-time post, set by the board
 * separately for benefits and for integration casework.
 */
export interface StaffingKey {
  householdsPerBenefitsPost: number;
  jobseekersPerIntegrationPost: number;
  /** A separate ratio for eligible jobseekers under 25, or null when the one ratio covers all. */
  jobseekersUnder25PerIntegrationPost: number | null;
  validFrom: string;
  /** The resolution that set it; null for the statutory default. */
  resolutionId: string | null;
}

/**
 * Used until the board has adopted a key: § 44c(4) SGB II for integration casework (1:75 under 25,
 * 1:150 from 25) and the early federal target of 1:140 benefit households for benefits casework.
 */
export const STATUTORY_DEFAULT_KEY: StaffingKey = {
  householdsPerBenefitsPost: 140,
  jobseekersPerIntegrationPost: 150,
  jobseekersUnder25PerIntegrationPost: 75,
  validFrom: '2005-01-01',
  resolutionId: null,
};

/** The key in force on a day: the latest `validFrom` not after it (ties: the later adoption). */
export function keyInForce<K extends StaffingKey & { adoptedAt: Date }>(
  keys: readonly K[],
  day: string,
): K | StaffingKey {
  const applicable = keys
    .filter((key) => key.validFrom <= day)
    .sort(
      (a, b) =>
        a.validFrom.localeCompare(b.validFrom) || a.adoptedAt.getTime() - b.adoptedAt.getTime(),
    );
  return applicable.at(-1) ?? STATUTORY_DEFAULT_KEY;
}

export interface CaseloadBasis {
  month: string;
  benefitHouseholds: number;
  eligibleJobseekers: number;
  eligibleJobseekersUnder25: number;
}

export interface Requirement {
  benefits: MilliFte;
  integration: MilliFte;
}

/** ceil(numerator / denominator) in thousandths, exactly (integers only). */
const ceilMilli = (numerator: number, denominator: number): MilliFte =>
  Number((BigInt(numerator) * 1000n + BigInt(denominator) - 1n) / BigInt(denominator));

/**
 * Required full-time equivalents of a Bezirksstelle.
 * - benefits casework: benefit households / households per post;
 * - integration casework: with a separate under-25 ratio, (jobseekers under 25 / that ratio) +
 *   (jobseekers 25 and older / the general ratio); without one, all jobseekers / the general ratio.
 * Rounding: each requirement is computed as an exact fraction and rounded **up** to the next
 * thousandth of a post (never understating the need); the two integration parts are added as
 * fractions before rounding, so the result does not depend on how the parts are split.
 */
export function requiredFte(key: StaffingKey, caseload: CaseloadBasis): Requirement {
  const benefits = ceilMilli(caseload.benefitHouseholds, key.householdsPerBenefitsPost);
  const general = key.jobseekersPerIntegrationPost;
  const under25Ratio = key.jobseekersUnder25PerIntegrationPost;
  let integration: MilliFte;
  if (under25Ratio === null) {
    integration = ceilMilli(caseload.eligibleJobseekers, general);
  } else {
    const under25 = Math.min(caseload.eligibleJobseekersUnder25, caseload.eligibleJobseekers);
    const older = caseload.eligibleJobseekers - under25;
    // under25/u + older/g = (under25*g + older*u) / (u*g)
    integration = ceilMilli(under25 * general + older * under25Ratio, under25Ratio * general);
  }
  return { benefits, integration };
}

export interface CaseworkGap {
  requiredFte: MilliFte;
  heldFte: MilliFte;
  /** required - held: positive when posts are missing, negative when more are held. */
  gapFte: MilliFte;
}

export function gap(required: MilliFte, held: MilliFte): CaseworkGap {
  return { requiredFte: required, heldFte: held, gapFte: required - held };
}

/** A district's requirement under a key: required, held and gap of each casework. */
export interface DistrictRequirement<K extends StaffingKey = StaffingKey> {
  caseload: CaseloadBasis;
  key: K;
  benefits: CaseworkGap;
  integration: CaseworkGap;
}

/** The requirement from the key in force, the district's latest caseload and the FTE held. */
export function districtRequirement<K extends StaffingKey>(
  key: K,
  caseload: CaseloadBasis,
  held: { benefits: MilliFte; integration: MilliFte },
): DistrictRequirement<K> {
  const required = requiredFte(key, caseload);
  return {
    caseload,
    key,
    benefits: gap(required.benefits, held.benefits),
    integration: gap(required.integration, held.integration),
  };
}

/** The figures of a district's gap as last published. */
export interface PublishedGap {
  caseloadMonth: string;
  keyResolutionId: string | null;
  benefitsRequired: MilliFte;
  benefitsHeld: MilliFte;
  integrationRequired: MilliFte;
  integrationHeld: MilliFte;
}

/**
 * Whether a requirement is news: nothing was published for the district yet, or the caseload
 * month, the key, or a required or held figure differs from what was.
 */
export function gapChanged(
  last: PublishedGap | undefined,
  requirement: DistrictRequirement,
): boolean {
  const same =
    last &&
    last.caseloadMonth === requirement.caseload.month &&
    last.keyResolutionId === requirement.key.resolutionId &&
    last.benefitsRequired === requirement.benefits.requiredFte &&
    last.benefitsHeld === requirement.benefits.heldFte &&
    last.integrationRequired === requirement.integration.requiredFte &&
    last.integrationHeld === requirement.integration.heldFte;
  return !same;
}
