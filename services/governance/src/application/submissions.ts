import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { proposalSchemas, type SubmissionKind } from '@jobcenter/events';
import { RuleViolation, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import {
  checkProposedTargetAgreement,
  requireWrittenByHand,
  validateSubmissionText,
} from '../domain/submissions';
import { submissionIsPublic } from '../domain/publicity';
import { yearInGermany } from '../domain/references';
import { ReferencesRepository } from '../repositories/references.repository';
import {
  SubmissionsRepository,
  type SubmissionRecord,
} from '../repositories/submissions.repository';
import { TargetAgreementsRepository } from '../repositories/target-agreements.repository';

export type { SubmissionRecord };

/** Validates a proposal for its kind; the error names the first wrong field. */
export function parseProposal(kind: SubmissionKind, proposal: unknown): unknown {
  const schema = proposalSchemas[kind];
  if (!schema) throw new RuleViolation(`Unknown submission kind ${kind}`, 'kind');
  const result = schema.safeParse(kind === 'GENERAL' ? (proposal ?? null) : proposal);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = ['proposal', ...issue.path].join('.');
    throw new RuleViolation(`${kind} proposal: ${path}: ${issue.message}`, path);
  }
  return result.data;
}

export interface NewSubmission {
  title: string;
  text: string;
  authorUnit: string;
  kind: SubmissionKind;
  proposal: unknown;
  /** Public unless a personnel matter or personal data; null or absent: public (docs/oparl.md). */
  public?: boolean | null;
}

/** Written submissions (Vorlagen) that prepare the board's decisions. */
export class Submissions {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewSubmission, createdBy: string): Promise<SubmissionRecord> {
    requireWrittenByHand(input.kind);
    return this.dataSource.transaction((manager) => this.createIn(manager, input, createdBy));
  }

  /**
   * Creates a submission inside the caller's transaction (an event handler's: also the kinds only
   * other services' events make).
   */
  async createIn(
    manager: EntityManager,
    input: NewSubmission,
    createdBy: string,
  ): Promise<SubmissionRecord> {
    validateSubmissionText(input.title, input.text);
    const isPublic = submissionIsPublic(input.kind, input.public ?? null);
    const proposal = parseProposal(input.kind, input.proposal);
    const submissions = new SubmissionsRepository(manager);
    if (input.kind === 'TARGET_AGREEMENT') {
      const { targetAgreementId } = proposal as { targetAgreementId: string };
      const status = await new TargetAgreementsRepository(manager).lockStatus(targetAgreementId);
      const proposedIn =
        status === 'DRAFT' ? await submissions.referenceProposing(targetAgreementId) : null;
      checkProposedTargetAgreement(targetAgreementId, status, proposedIn);
    }
    const now = new Date();
    const record: SubmissionRecord = {
      id: randomUUID(),
      reference: await new ReferencesRepository(manager).next(
        'submission',
        'VL',
        yearInGermany(now),
      ),
      title: input.title.trim(),
      text: input.text.trim(),
      authorUnit: input.authorUnit.trim(),
      kind: input.kind,
      proposal,
      createdAt: now,
      createdBy,
      public: isPublic,
    };
    await submissions.insert(record);
    return record;
  }

  byIds(ids: readonly string[]): Promise<SubmissionRecord[]> {
    return new SubmissionsRepository(this.dataSource.manager).byIds(ids);
  }

  list(): Promise<SubmissionRecord[]> {
    return new SubmissionsRepository(this.dataSource.manager).list();
  }

  /** A page of the submissions, newest first. */
  page(page: PageArguments): Promise<Connection<SubmissionRecord>> {
    return new SubmissionsRepository(this.dataSource.manager).page(page);
  }
}
