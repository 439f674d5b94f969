import type { EntityManager } from 'typeorm';

export interface TransferGroupReportRecord {
  id: string;
  title: string;
  text: string;
  transferCount: number;
  submittedAt: Date;
}

/** The transfer group's reports to the board. */
export class TransferGroupReportsRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(report: TransferGroupReportRecord, by: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO transfer_group_report (id, title, text, transfer_count, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [report.id, report.title, report.text, report.transferCount, by, report.submittedAt],
    );
  }

  /** The reports, newest first. */
  async all(): Promise<TransferGroupReportRecord[]> {
    const rows: {
      id: string;
      title: string;
      text: string;
      transfer_count: number;
      submitted_at: Date;
    }[] = await this.manager.query(
      'SELECT id, title, text, transfer_count, submitted_at FROM transfer_group_report ORDER BY submitted_at DESC',
    );
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      text: row.text,
      transferCount: row.transfer_count,
      submittedAt: row.submitted_at,
    }));
  }
}
