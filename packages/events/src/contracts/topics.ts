import { z } from 'zod';
import { proposalSchemas, SUBMISSION_KINDS, type SubmissionKind } from './proposals';

/**
 * The topic catalogue: every topic a service of this repository publishes, with its key, its
 * payload schema and its version. docs/events.md and docs/asyncapi.yaml describe the same; the
 * test `topic-catalogue.test.ts` keeps them in step. A breaking payload change is a new topic
 * (`.v2`), published beside the old one until its consumers have moved.
 */
export interface TopicDefinition<S extends z.ZodType = z.ZodType> {
  /** The Kafka topic name, `<domain>.<event>.v<major>`. */
  name: string;
  /** The CloudEvents `type`. */
  type: string;
  /** What the message key (and the CloudEvents `subject`) is. */
  key: string;
  description: string;
  schema: S;
  partitions: number;
  /**
   * `compact`: the latest event per key is kept forever (state a new consumer needs);
   * `keep`: every event is kept forever (history a new consumer replays, e.g. for benchmarks).
   */
  retention: 'compact' | 'keep';
}

const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');
const count = z.number().int().nonnegative();

export const sizeGroups = ['SMALL', 'MEDIUM', 'LARGE'] as const;

export const caseloadReportedV1 = z
  .object({
    reportId: z.uuid(),
    districtId: z.string().min(1),
    month: yearMonth,
    version: z
      .number()
      .int()
      .positive()
      .describe('1 for the first report of the month, +1 for each correction'),
    correctionOf: z.uuid().nullable().describe('the report this one corrects, if any'),
    benefitHouseholds: count.describe('Bedarfsgemeinschaften'),
    eligibleJobseekers: count.describe('erwerbsfähige Leistungsberechtigte (eLb)'),
    eligibleJobseekersUnder25: count,
    longTermRecipients: count.describe('Langzeitleistungsbeziehende'),
    integrations: count.describe('Integrationen in Arbeit im Monat'),
    subsistenceBenefitsCents: z
      .number()
      .int()
      .nonnegative()
      .describe('Summe der Leistungen zum Lebensunterhalt, in Cent'),
    reportedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type CaseloadReportedV1 = z.infer<typeof caseloadReportedV1>;

export const districtChangedV1 = z
  .object({
    districtId: z.string().min(1),
    name: z.string(),
    city: z.string(),
    sizeGroup: z.enum(sizeGroups),
    address: z.object({ street: z.string(), postalCode: z.string(), town: z.string() }).strict(),
    changedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type DistrictChangedV1 = z.infer<typeof districtChangedV1>;

export const resolutionAdoptedV1 = z
  .object({
    resolutionId: z.uuid(),
    number: z.string().describe('e.g. V-2026-014'),
    meetingId: z.uuid(),
    submissionId: z.uuid(),
    title: z.string(),
    kind: z.enum(SUBMISSION_KINDS as [SubmissionKind, ...SubmissionKind[]]),
    proposal: z
      .unknown()
      .describe(
        'the proposal of its kind, as packages/events/src/contracts/proposals.ts defines it',
      ),
    adoptedBy: z.enum(['CONSENSUS', 'CHAIR_DECISION']),
    adoptedAt: z.iso.datetime({ offset: true }),
  })
  .strict()
  .superRefine((event, context) => {
    const result = proposalSchemas[event.kind].safeParse(event.proposal);
    if (!result.success) {
      context.addIssue({
        code: 'custom',
        path: ['proposal'],
        message: `not a valid ${event.kind} proposal: ${result.error.issues[0]?.message}`,
      });
    }
  });
export type ResolutionAdoptedV1 = z.infer<typeof resolutionAdoptedV1>;

export const topics = {
  caseloadReported: {
    name: 'districts.caseload-reported.v1',
    type: 'de.kreis-recklinghausen.jobcenter.districts.caseload-reported.v1',
    key: 'districtId',
    description:
      'A Bezirksstelle reported (or corrected) its caseload for a month. The highest version of a ' +
      '(districtId, month) is the valid one. Kept forever, so that a new consumer can replay the ' +
      'history (benchmarks compare with a year earlier). Aggregates only, no personal data.',
    schema: caseloadReportedV1,
    partitions: 3,
    retention: 'keep',
  },
  districtChanged: {
    name: 'districts.district-changed.v1',
    type: 'de.kreis-recklinghausen.jobcenter.districts.district-changed.v1',
    key: 'districtId',
    description:
      'The master data of a Bezirksstelle as it is now (event-carried state): published when a ' +
      'district is registered and on every change, e.g. of its size group. Compacted: the latest ' +
      'event per district is kept, so a new consumer reading from the beginning learns every district.',
    schema: districtChangedV1,
    partitions: 3,
    retention: 'compact',
  },
  resolutionAdopted: {
    name: 'governance.resolution-adopted.v1',
    type: 'de.kreis-recklinghausen.jobcenter.governance.resolution-adopted.v1',
    key: 'resolutionId',
    description:
      "The board (Vorstand) adopted a resolution, by consensus or by the chair's decision on dissent. " +
      'Carries the submission kind and its proposal, which other services act on (a staffing key, an ' +
      'allocation, a pool split, a leadership consultation, ...). Kept forever. No personal data beyond ' +
      "a candidate's name in a leadership consultation.",
    schema: resolutionAdoptedV1,
    partitions: 3,
    retention: 'keep',
  },
} as const satisfies Record<string, TopicDefinition>;

export type TopicKey = keyof typeof topics;
export type PayloadOf<K extends TopicKey> = z.infer<(typeof topics)[K]['schema']>;

export const allTopics: TopicDefinition[] = Object.values(topics);

export function topicByName(name: string): TopicDefinition | undefined {
  return allTopics.find((topic) => topic.name === name);
}
