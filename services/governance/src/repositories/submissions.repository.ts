import type { EntityManager } from 'typeorm';
import { keysetPage, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import { isUuid, onlyUuids } from '@jobcenter/db';
import type { SubmissionKind } from '@jobcenter/events';

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

/** Written submissions (`submission`). */
export class SubmissionsRepository {
  constructor(private readonly manager: EntityManager) {}

  async exists(id: string): Promise<boolean> {
    const [row] = isUuid(id)
      ? await this.manager.query('SELECT id FROM submission WHERE id = $1', [id])
      : [];
    return Boolean(row);
  }

  /** The reference of the submission that proposes this target agreement, if any. */
  async referenceProposing(targetAgreementId: string): Promise<string | null> {
    const [named] = await this.manager.query(
      `SELECT reference FROM submission WHERE kind = 'TARGET_AGREEMENT' AND proposal->>'targetAgreementId' = $1`,
      [targetAgreementId],
    );
    return named?.reference ?? null;
  }

  /** What an adopted resolution publishes of its submission. */
  async contentOf(id: string): Promise<{ title: string; kind: SubmissionKind; proposal: unknown }> {
    const [submission] = await this.manager.query(
      'SELECT title, kind, proposal FROM submission WHERE id = $1',
      [id],
    );
    return submission;
  }

  async insert(record: SubmissionRecord): Promise<void> {
    await this.manager.query(
      `INSERT INTO submission (id, reference, title, text, author_unit, kind, proposal, created_at, created_by, public)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        record.id,
        record.reference,
        record.title,
        record.text,
        record.authorUnit,
        record.kind,
        JSON.stringify(record.proposal),
        record.createdAt,
        record.createdBy,
        record.public,
      ],
    );
  }

  async byIds(ids: readonly string[]): Promise<SubmissionRecord[]> {
    const rows: SubmissionRow[] = await this.manager.query(
      'SELECT * FROM submission WHERE id = ANY($1::uuid[])',
      [onlyUuids(ids)],
    );
    return rows.map(toRecord);
  }

  /** All submissions, newest first. */
  async list(): Promise<SubmissionRecord[]> {
    const rows: SubmissionRow[] = await this.manager.query(
      'SELECT * FROM submission ORDER BY created_at DESC',
    );
    return rows.map(toRecord);
  }

  /** A page of the submissions, newest first. */
  page(page: PageArguments): Promise<Connection<SubmissionRecord>> {
    return keysetPage(
      this.manager,
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
