import type { EntityManager } from 'typeorm';
import { lockName } from '@jobcenter/db';
import type { AbstentionRule } from '../domain/decision';
import type { RulesOfProcedureVersion } from '../domain/rules-of-procedure';

interface RulesOfProcedureRow {
  version: number;
  text: string;
  abstention_rule: AbstentionRule;
  adopted_by_resolution_id: string | null;
  valid_from: Date;
}

const toVersion = (row: RulesOfProcedureRow): RulesOfProcedureVersion => ({
  version: row.version,
  text: row.text,
  abstentionRule: row.abstention_rule,
  adoptedByResolutionId: row.adopted_by_resolution_id,
  validFrom: row.valid_from,
});

/** The versions of the rules of procedure (`rules_of_procedure`), numbered from 1. */
export class RulesOfProcedureRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The highest version; null while none is registered. */
  async latest(): Promise<RulesOfProcedureVersion | null> {
    const [row] = (await this.manager.query(
      'SELECT * FROM rules_of_procedure ORDER BY version DESC LIMIT 1',
    )) as RulesOfProcedureRow[];
    return row ? toVersion(row) : null;
  }

  /** Every version, oldest first. */
  async history(): Promise<RulesOfProcedureVersion[]> {
    return (
      (await this.manager.query(
        'SELECT * FROM rules_of_procedure ORDER BY version',
      )) as RulesOfProcedureRow[]
    ).map(toVersion);
  }

  /** Registers version 1 unless it exists. */
  async insertFirst(rules: { text: string; abstentionRule: AbstentionRule }): Promise<void> {
    await this.manager.query(
      `INSERT INTO rules_of_procedure (version, text, abstention_rule, valid_from) VALUES (1, $1, $2, now())
     ON CONFLICT (version) DO NOTHING`,
      [rules.text, rules.abstentionRule],
    );
  }

  /** The next version, adopted by a resolution; one at a time, so two never take one number. */
  async insertNext(
    proposal: { text: string; abstentionRule: AbstentionRule },
    resolutionId: string,
    at: Date,
  ): Promise<void> {
    await lockName(this.manager, 'rules_of_procedure');
    await this.manager.query(
      `INSERT INTO rules_of_procedure (version, text, abstention_rule, adopted_by_resolution_id, valid_from)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4 FROM rules_of_procedure`,
      [proposal.text, proposal.abstentionRule, resolutionId, at],
    );
  }
}
