import { YEAR_MONTH_PATTERN } from '@jobcenter/kernel';
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
   * `keep`: every event is kept forever (history a new consumer replays, e.g. for benchmarks);
   * `transient`: kept for an hour (signals that matter only while they are new).
   */
  retention: 'compact' | 'keep' | 'transient';
}

const yearMonth = z.string().regex(YEAR_MONTH_PATTERN, 'expected YYYY-MM');
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

const fte = z
  .number()
  .multipleOf(0.001)
  .nonnegative()
  .describe('full-time equivalents (Vollzeitäquivalente), to three decimals');
const cents = z.number().int().describe('euro cents, never a fraction');
const casework = z
  .object({ requiredFte: fte, heldFte: fte, gapFte: z.number().multipleOf(0.001) })
  .strict()
  .describe('gapFte = requiredFte - heldFte: positive when posts are missing');

export const staffingGapChangedV1 = z
  .object({
    districtId: z.string().min(1),
    caseloadMonth: yearMonth.describe('the month of the caseload report the requirement uses'),
    staffingKeyResolutionId: z
      .uuid()
      .nullable()
      .describe('the resolution that set the staffing key, null for the statutory default'),
    benefits: casework.describe('Leistungssachbearbeitung'),
    integration: casework.describe('Integrationssachbearbeitung'),
    changedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type StaffingGapChangedV1 = z.infer<typeof staffingGapChangedV1>;

export const appointmentProposedV1 = z
  .object({
    appointmentId: z.uuid(),
    position: z.enum(['HEAD_OF_DEPARTMENT', 'HEAD_OF_DISTRICT_OFFICE']),
    districtId: z.string().nullable(),
    postId: z.uuid(),
    proposedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type AppointmentProposedV1 = z.infer<typeof appointmentProposedV1>;

export const transferGroupReportSubmittedV1 = z
  .object({
    reportId: z.uuid(),
    title: z.string().min(3).max(200),
    text: z.string().min(10).max(20_000),
    transferCount: z.number().int().nonnegative().describe('transfers the report covers'),
    submittedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type TransferGroupReportSubmittedV1 = z.infer<typeof transferGroupReportSubmittedV1>;

export const allocationPublishedV1 = z
  .object({
    allocationId: z.uuid(),
    fiscalYear: z.number().int(),
    resolutionId: z.uuid().describe('the board resolution that adopted the allocation'),
    poolCents: cents.nonnegative(),
    districts: z
      .array(z.object({ districtId: z.string().min(1), amountCents: cents.nonnegative() }).strict())
      .min(1),
    publishedAt: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine((a) => a.districts.reduce((sum, d) => sum + d.amountCents, 0) === a.poolCents, {
    message: 'the district amounts must add up to the pool exactly',
    path: ['districts'],
  });
export type AllocationPublishedV1 = z.infer<typeof allocationPublishedV1>;

export const expenditureRecordedV1 = z
  .object({
    entryId: z.uuid(),
    allocationId: z.uuid(),
    districtId: z.string().min(1),
    fiscalYear: z.number().int(),
    kind: z.enum(['COMMITMENT', 'EXPENDITURE']),
    amountCents: cents.describe('negative for a reversal entry'),
    reversalOf: z.uuid().nullable().describe('the entry this one reverses, if any'),
    legalBasis: z.string().min(1).describe('e.g. § 16 Abs. 1 SGB II'),
    bookedOn: z.iso.date(),
    spentCents: cents.describe('commitments and expenditures of the allocation after this entry'),
    allocatedCents: cents.nonnegative(),
    recordedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type ExpenditureRecordedV1 = z.infer<typeof expenditureRecordedV1>;

export const allocationThresholdReachedV1 = z
  .object({
    allocationId: z.uuid(),
    districtId: z.string().min(1),
    fiscalYear: z.number().int(),
    thresholdPercent: z.union([z.literal(90), z.literal(100)]),
    allocatedCents: cents.nonnegative(),
    spentCents: cents,
    reachedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type AllocationThresholdReachedV1 = z.infer<typeof allocationThresholdReachedV1>;

export const dataChangedV1 = z
  .object({
    service: z.string().regex(/^[a-z][a-z0-9-]*$/),
    kind: z
      .enum(['change', 'heartbeat'])
      .describe(
        '`change`: a transaction changed data of the service; `heartbeat`: its outbox relay is ' +
          'alive, reaches Kafka and has sent every change committed before it',
      ),
    instance: z
      .uuid()
      .optional()
      .describe('the database of the service instance a heartbeat speaks for'),
  })
  .strict();
export type DataChangedV1 = z.infer<typeof dataChangedV1>;

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
      'allocation, a pool split, a leadership consultation, ...). Kept forever. No personal data.',
    schema: resolutionAdoptedV1,
    partitions: 3,
    retention: 'keep',
  },
  staffingGapChanged: {
    name: 'personnel.staffing-gap-changed.v1',
    type: 'de.kreis-recklinghausen.jobcenter.personnel.staffing-gap-changed.v1',
    key: 'districtId',
    description:
      "A Bezirksstelle's staffing requirement or the posts it holds changed: required and held " +
      'full-time equivalents for benefits and integration casework by the staffing key ' +
      '(Personalschlüssel) in force, and the gap. Compacted: the latest gap per district is kept. ' +
      'Counts only, no personal data.',
    schema: staffingGapChangedV1,
    partitions: 3,
    retention: 'compact',
  },
  appointmentProposed: {
    name: 'personnel.appointment-proposed.v1',
    type: 'de.kreis-recklinghausen.jobcenter.personnel.appointment-proposed.v1',
    key: 'appointmentId',
    description:
      'Personnel proposes a leadership appointment (head of the Fachbereich or of a Bezirksstelle), ' +
      'which needs the consultation of the board (im Benehmen). Governance turns it into a ' +
      'LEADERSHIP_CONSULTATION submission; the adopted resolution completes the appointment. ' +
      'No personal data: the board reads the candidate in the graph (`appointments`), where names ' +
      'are shown to board members and HR only.',
    schema: appointmentProposedV1,
    partitions: 3,
    retention: 'keep',
  },
  transferGroupReportSubmitted: {
    name: 'personnel.transfer-group-report-submitted.v1',
    type: 'de.kreis-recklinghausen.jobcenter.personnel.transfer-group-report-submitted.v1',
    key: 'reportId',
    description:
      'The transfer group (three staff-council representations) reports to the board on the ' +
      'transfers between Kreis and cities (Überleitung). Governance records it as a submission. ' +
      'Counts only, no names.',
    schema: transferGroupReportSubmittedV1,
    partitions: 3,
    retention: 'keep',
  },
  allocationPublished: {
    name: 'budget.allocation-published.v1',
    type: 'de.kreis-recklinghausen.jobcenter.budget.allocation-published.v1',
    key: 'allocationId',
    description:
      'The board adopted an allocation of integration funds (Eingliederungsmittel) by social space: ' +
      'the amount of each Bezirksstelle, adding up to the decentral pool to the cent. Kept forever.',
    schema: allocationPublishedV1,
    partitions: 3,
    retention: 'keep',
  },
  expenditureRecorded: {
    name: 'budget.expenditure-recorded.v1',
    type: 'de.kreis-recklinghausen.jobcenter.budget.expenditure-recorded.v1',
    key: 'districtId',
    description:
      'A Bezirksstelle recorded a commitment or an expenditure against its allocation, or reversed ' +
      'one (proof of use, Verwendungsnachweis). Entries are never edited: a mistake is a reversal ' +
      'entry with a negative amount. Kept forever. No personal data.',
    schema: expenditureRecordedV1,
    partitions: 3,
    retention: 'keep',
  },
  allocationThresholdReached: {
    name: 'budget.allocation-threshold-reached.v1',
    type: 'de.kreis-recklinghausen.jobcenter.budget.allocation-threshold-reached.v1',
    key: 'districtId',
    description:
      "A Bezirksstelle's spending reached 90 % or 100 % of its allocation. Published once per " +
      'allocation and threshold.',
    schema: allocationThresholdReachedV1,
    partitions: 3,
    retention: 'keep',
  },
  dataChanged: {
    name: 'jobcenter.data-changed.v1',
    type: 'de.kreis-recklinghausen.jobcenter.data-changed.v1',
    key: 'service',
    description:
      'Change notices for caches: every transaction that changes data of a service (its own writes ' +
      'and what its consumers derive from other events) adds one notice to its outbox, written by a ' +
      'database trigger, so no write can miss it; the outbox relay adds a heartbeat about every ' +
      'second while it reaches Kafka. The gateway drops cached answers that depend on the service ' +
      'and stops caching when heartbeats stay away (docs/caching.md). One partition (order). Kept ' +
      'for an hour. No data beyond the service name.',
    schema: dataChangedV1,
    partitions: 1,
    retention: 'transient',
  },
} as const satisfies Record<string, TopicDefinition>;

export type TopicKey = keyof typeof topics;
export type PayloadOf<K extends TopicKey> = z.infer<(typeof topics)[K]['schema']>;

export const allTopics: TopicDefinition[] = Object.values(topics);

const KEY_BY_NAME = new Map<string, TopicKey>(
  (Object.keys(topics) as TopicKey[]).map((key) => [topics[key].name, key] as const),
);

/** The key of the topic named `name` on Kafka (`districts.caseload-reported.v1` → `caseloadReported`). */
export function topicKeyOf(name: string): TopicKey | undefined {
  return KEY_BY_NAME.get(name);
}

export function topicByName(name: string): TopicDefinition | undefined {
  return allTopics.find((topic) => topic.name === name);
}
