import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  Conflict,
  NotFound,
  RuleViolation,
  keysetPage,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import { lockName, onlyUuids } from '@jobcenter/db';
import { proposalSchemas, type SubmissionKind } from '@jobcenter/events';
import { validateSubmissionText } from '../domain/submissions';
import { submissionIsPublic } from '../domain/publicity';

/**
 * Validates a proposal for its submission kind; the error names the first wrong field. The
 * proposals' contract lives with the event contracts, since other services act on adopted ones.
 */
function parseProposal(kind: SubmissionKind, proposal: unknown): unknown {
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

export interface SubmissionRecord {
  id: string;
  reference: string;
  title: string;
  text: string;
  authorUnit: string;
  kind: SubmissionKind;
  proposal: unknown;
  createdAt: Date;
  createdBy: string;
  /** False for personnel matters and personal data (docs/oparl.md). */
  public: boolean;
}

interface SubmissionRow {
  id: string;
  reference: string;
  title: string;
  text: string;
  author_unit: string;
  kind: SubmissionKind;
  proposal: unknown;
  created_at: Date;
  created_by: string;
  public: boolean;
}

const toRecord = (row: SubmissionRow): SubmissionRecord => ({
  id: row.id,
  reference: row.reference,
  title: row.title,
  text: row.text,
  authorUnit: row.author_unit,
  kind: row.kind,
  proposal: row.proposal,
  createdAt: row.created_at,
  createdBy: row.created_by,
  public: row.public,
});

/** Next number of a yearly series such as VL-2026-007, taken under a lock so that two never clash. */
/** The calendar year in Recklinghausen (numbers of submissions and resolutions run by it). */
export function yearInGermany(date: Date): number {
  return Number(
    new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(date),
  );
}

export async function nextReference(
  manager: EntityManager,
  table: 'submission' | 'resolution',
  prefix: string,
  year: number,
): Promise<string> {
  const column = table === 'submission' ? 'reference' : 'number';
  await lockName(manager, `${table}-${year}`);
  const [row] = await manager.query(
    `SELECT count(*)::int AS n FROM ${table} WHERE ${column} LIKE $1`,
    [`${prefix}-${year}-%`],
  );
  return `${prefix}-${year}-${String(row.n + 1).padStart(3, '0')}`;
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
    if (input.kind === 'LEADERSHIP_CONSULTATION') {
      throw new RuleViolation(
        "LEADERSHIP_CONSULTATION submissions are made from personnel's proposals (personnel.appointment-proposed), not written by hand",
        'kind',
      );
    }
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
    if (input.kind === 'TARGET_AGREEMENT') {
      const { targetAgreementId } = proposal as { targetAgreementId: string };
      const [agreement] = await manager.query(
        'SELECT status FROM target_agreement WHERE id = $1 FOR UPDATE',
        [targetAgreementId],
      );
      if (agreement?.status !== 'DRAFT') {
        throw new NotFound(
          `There is no draft target agreement ${targetAgreementId}`,
          'proposal.targetAgreementId',
        );
      }
      // One submission per agreement: a second could never be adopted and would stay open.
      const [named] = await manager.query(
        `SELECT reference FROM submission WHERE kind = 'TARGET_AGREEMENT' AND proposal->>'targetAgreementId' = $1`,
        [targetAgreementId],
      );
      if (named) {
        throw new Conflict(
          `Submission ${named.reference} already proposes this target agreement`,
          'proposal.targetAgreementId',
        );
      }
    }
    const now = new Date();
    const row: SubmissionRow = {
      id: randomUUID(),
      reference: await nextReference(manager, 'submission', 'VL', yearInGermany(now)),
      title: input.title.trim(),
      text: input.text.trim(),
      author_unit: input.authorUnit.trim(),
      kind: input.kind,
      proposal,
      created_at: now,
      created_by: createdBy,
      public: isPublic,
    };
    await manager.query(
      `INSERT INTO submission (id, reference, title, text, author_unit, kind, proposal, created_at, created_by, public)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.id,
        row.reference,
        row.title,
        row.text,
        row.author_unit,
        row.kind,
        JSON.stringify(proposal),
        row.created_at,
        row.created_by,
        row.public,
      ],
    );
    return toRecord(row);
  }

  async byIds(ids: readonly string[]): Promise<SubmissionRecord[]> {
    const rows: SubmissionRow[] = await this.dataSource.query(
      'SELECT * FROM submission WHERE id = ANY($1::uuid[])',
      [onlyUuids(ids)],
    );
    return rows.map(toRecord);
  }

  async list(): Promise<SubmissionRecord[]> {
    const rows: SubmissionRow[] = await this.dataSource.query(
      'SELECT * FROM submission ORDER BY created_at DESC',
    );
    return rows.map(toRecord);
  }

  /** A page of the submissions, newest first. */
  page(page: PageArguments): Promise<Connection<SubmissionRecord>> {
    return keysetPage(
      this.dataSource,
      {
        name: 'submissions',
        select: '*',
        from: 'submission',
        orderBy: [
          { expression: 'created_at', type: 'timestamptz', descending: true },
          { expression: 'id', type: 'uuid', descending: true },
        ],
        toNode: toRecord,
      },
      page,
    );
  }
}
