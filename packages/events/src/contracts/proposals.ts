import { z } from 'zod';

/**
 * The proposals a board submission (Vorlage) can carry, by kind. When the board adopts one,
 * `governance.resolution-adopted.v1` carries the kind and the proposal, and the services that act
 * on it (personnel: staffing key, appointments; budget: allocations, pool splits) read it with
 * these schemas.
 */
const casesPerPost = z.number().int('must be a whole number of cases per post').min(1).max(10_000);

export const proposalSchemas = {
  STAFFING_KEY: z
    .object({
      householdsPerBenefitsPost: casesPerPost.describe(
        'benefit households per full-time post in benefits casework',
      ),
      jobseekersPerIntegrationPost: casesPerPost.describe(
        'eligible jobseekers (25 and older) per full-time post in integration casework',
      ),
      jobseekersUnder25PerIntegrationPost: casesPerPost
        .nullable()
        .describe(
          'eligible jobseekers under 25 per integration post, when the board sets a separate ratio',
        ),
      validFrom: z.iso.date(),
    })
    .strict(),
  FUNDS_ALLOCATION: z
    .object({ allocationProposalId: z.uuid().describe('a proposal of the budget service') })
    .strict(),
  POOL_SPLIT: z
    .object({
      fiscalYear: z.number().int().min(2000).max(2100),
      decentralShareBasisPoints: z
        .number()
        .int()
        .min(0)
        .max(10_000)
        .describe('share of the integration funds managed by the district offices, in 1/100 %'),
      criteria: z.string().min(3).max(2000),
    })
    .strict(),
  LEADERSHIP_CONSULTATION: z
    .object({
      appointmentId: z
        .uuid()
        .describe('the appointment in personnel (the board reads the candidate there)'),
      position: z.enum(['HEAD_OF_DEPARTMENT', 'HEAD_OF_DISTRICT_OFFICE']),
      districtId: z.string().nullable(),
    })
    .strict()
    .refine((p) => (p.position === 'HEAD_OF_DISTRICT_OFFICE') === (p.districtId !== null), {
      message: 'a district office head needs the districtId, the head of the Fachbereich none',
      path: ['districtId'],
    }),
  REGIONAL_TASK: z
    .object({ task: z.string().min(3).max(200), rationale: z.string().min(3).max(4000) })
    .strict(),
  SERVICE_STANDARDS: z
    .object({
      houseOfSocialServices: z
        .array(z.string().min(3))
        .min(1)
        .describe('standards of the Haus der sozialen Leistungen'),
      guide: z.array(z.string().min(3)).min(1).describe('standards of the Lotse function'),
    })
    .strict(),
  TARGET_AGREEMENT: z.object({ targetAgreementId: z.uuid() }).strict(),
  RULES_OF_PROCEDURE: z
    .object({
      text: z.string().min(20),
      abstentionRule: z.enum(['DOES_NOT_BLOCK', 'COUNTS_AS_DISSENT']),
    })
    .strict(),
  GENERAL: z.null(),
} as const;

export type SubmissionKind = keyof typeof proposalSchemas;
export const SUBMISSION_KINDS = Object.keys(proposalSchemas) as SubmissionKind[];
export type ProposalOf<K extends SubmissionKind> = z.infer<(typeof proposalSchemas)[K]>;
