import { randomUUID } from 'node:crypto';
import type { Outbox } from '@jobcenter/events';
import type { DataSource, EntityManager } from 'typeorm';
import {
  Conflict,
  NotFound,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import { isUniqueViolation } from '@jobcenter/db';
import { parseEmployer } from '../domain/functions';
import {
  decideTransfer,
  parseTransferGroupReport,
  parseTransferReason,
  type ConsentParty,
} from '../domain/transfers';
import { EmployeesRepository } from '../repositories/employees.repository';
import { PostsRepository } from '../repositories/posts.repository';
import {
  TransferGroupReportsRepository,
  type TransferGroupReportRecord,
} from '../repositories/transfer-group-reports.repository';
import {
  TransfersRepository,
  type TransferFilter,
  type TransferRecord,
} from '../repositories/transfers.repository';
import type { Posts } from './posts';
import type { Staffing } from './staffing';

export type { TransferGroupReportRecord } from '../repositories/transfer-group-reports.repository';
export type { TransferRecord } from '../repositories/transfers.repository';

/**
 * Transfers between Kreis and cities (Überleitung, docs/rules.md#rule-9 and #rule-10) and the transfer
 * group's reports to the board. What each step may do is `decideTransfer`'s.
 */
export class Transfers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly posts: Posts,
    private readonly staffing: Staffing,
  ) {}

  /**
   * Fluctuation: a vacant (or advertised) post is refilled by the other side. The post changes
   * side at once; no person moves, so nobody's consent is needed.
   */
  async byFluctuation(postId: string, reason: string, by: string): Promise<TransferRecord> {
    const why = parseTransferReason(reason);
    return this.dataSource.transaction(async (manager) => {
      const post = await this.posts.locked(manager, postId);
      const decision = decideTransfer({ step: 'FLUCTUATION', post });
      await new PostsRepository(manager).setSide(post.id, decision.postSide);
      return this.insert(manager, {
        kind: decision.kind,
        employeeId: null,
        postId: post.id,
        from: decision.from,
        to: decision.to,
        city: decision.city,
        status: decision.status,
        reason: why,
        by,
      });
    });
  }

  /** Opens a voluntary transfer of an employee; nothing moves until all three consented. */
  async proposeVoluntary(
    input: { employeeId: string; to: string; reason: string },
    by: string,
  ): Promise<TransferRecord> {
    const to = parseEmployer(input.to, 'to');
    const why = parseTransferReason(input.reason);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const employee = await new EmployeesRepository(manager).find(input.employeeId);
        if (!employee) throw new NotFound(`There is no employee ${input.employeeId}`, 'employeeId');
        const decision = decideTransfer({ step: 'PROPOSAL', employee, to });
        return await this.insert(manager, {
          kind: decision.kind,
          employeeId: employee.id,
          postId: null,
          from: decision.from,
          to: decision.to,
          city: decision.city,
          status: decision.status,
          reason: why,
          by,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new Conflict(
          `employee ${input.employeeId} already has an open transfer`,
          'employeeId',
        );
      }
      throw error;
    }
  }

  /**
   * Records one party's answer. A refusal ends the transfer; the third consent completes it: the
   * employee changes employer and a post they hold changes side with them.
   */
  async answer(
    transferId: string,
    party: ConsentParty,
    consent: boolean,
    authorize: (transfer: TransferRecord) => void,
  ): Promise<TransferRecord> {
    return this.dataSource.transaction(async (manager) => {
      const transfers = new TransfersRepository(manager);
      const transfer = await this.locked(manager, transferId);
      authorize(transfer);
      const decision = decideTransfer({ step: 'ANSWER', transfer, party, consent });
      await transfers.recordAnswer(transfer.id, party, consent, decision.status);
      if (decision.move) {
        const employees = new EmployeesRepository(manager);
        if (!(await employees.lockNotLeft(decision.move.employeeId))) {
          throw new Conflict(
            `employee ${transfer.employeeId} has left; the transfer cannot complete`,
            'transferId',
          );
        }
        await employees.setEmployer(decision.move.employeeId, decision.move.to);
        const moved = await new PostsRepository(manager).setSideOfHeldBy(
          decision.move.employeeId,
          decision.move.postSide,
        );
        await this.staffing.recompute(manager, moved);
      }
      return this.locked(manager, transfer.id);
    });
  }

  private async locked(manager: EntityManager, id: string): Promise<TransferRecord> {
    const transfer = await new TransfersRepository(manager).lock(id);
    if (!transfer) throw new NotFound(`There is no transfer ${id}`, 'transferId');
    return transfer;
  }

  private async insert(
    manager: EntityManager,
    t: Omit<Parameters<TransfersRepository['insert']>[0], 'id'>,
  ): Promise<TransferRecord> {
    const id = randomUUID();
    await new TransfersRepository(manager).insert({ id, ...t });
    return this.locked(manager, id);
  }

  list(filter: TransferFilter = {}): Promise<TransferRecord[]> {
    return new TransfersRepository(this.dataSource.manager).list(filter);
  }

  /** A page of the transfers, newest first. */
  page(filter: TransferFilter, page: PageArguments): Promise<Connection<TransferRecord>> {
    return new TransfersRepository(this.dataSource.manager).page(filter, page);
  }

  /**
   * The transfer group reports to the board (docs/rules.md#rule-10): the report reaches governance as
   * `personnel.transfer-group-report-submitted.v1` and becomes a submission there.
   */
  async report(
    input: { title: string; text: string },
    by: string,
  ): Promise<TransferGroupReportRecord> {
    const { title, text } = parseTransferGroupReport(input);
    return this.dataSource.transaction(async (manager) => {
      const record: TransferGroupReportRecord = {
        id: randomUUID(),
        title,
        text,
        transferCount: await new TransfersRepository(manager).count(),
        submittedAt: new Date(),
      };
      await new TransferGroupReportsRepository(manager).insert(record, by);
      await this.outbox.publish(manager, 'transferGroupReportSubmitted', record.id, {
        reportId: record.id,
        title,
        text,
        transferCount: record.transferCount,
        submittedAt: record.submittedAt.toISOString(),
      });
      return record;
    });
  }

  reports(): Promise<TransferGroupReportRecord[]> {
    return new TransferGroupReportsRepository(this.dataSource.manager).all();
  }
}
