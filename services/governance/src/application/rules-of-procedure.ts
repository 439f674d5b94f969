import { lockName } from '@jobcenter/db';
import type { EntityManager } from 'typeorm';
import { DEFAULT_ABSTENTION_RULE, type AbstentionRule } from '../domain/decision';

export interface RulesOfProcedureVersion {
  version: number;
  text: string;
  abstentionRule: AbstentionRule;
  adoptedByResolutionId: string | null;
  validFrom: Date;
}

/** The first version, in force until the board adopts its own (docs/rules.md#rule-4). */
export const INITIAL_RULES_OF_PROCEDURE = {
  text:
    'Geschäftsordnung des Vorstands (Ausgangsfassung). Der Vorstand tagt mindestens monatlich; ' +
    'Sitzungen werden durch schriftliche Vorlagen der Geschäftsstelle vorbereitet. Der Vorstand ' +
    'strebt Konsens an; bei Dissens entscheidet der Vorsitzende, bei seiner Abwesenheit der ' +
    'stellvertretende Vorsitzende. Enthaltungen stehen einem Konsens nicht entgegen.',
  abstentionRule: DEFAULT_ABSTENTION_RULE,
};

const toVersion = (row: {
  version: number;
  text: string;
  abstention_rule: AbstentionRule;
  adopted_by_resolution_id: string | null;
  valid_from: Date;
}) => ({
  version: row.version,
  text: row.text,
  abstentionRule: row.abstention_rule,
  adoptedByResolutionId: row.adopted_by_resolution_id,
  validFrom: row.valid_from,
});

export async function currentRulesOfProcedure(
  manager: EntityManager,
): Promise<RulesOfProcedureVersion> {
  const [row] = await manager.query(
    'SELECT * FROM rules_of_procedure ORDER BY version DESC LIMIT 1',
  );
  if (!row)
    return {
      version: 0,
      ...INITIAL_RULES_OF_PROCEDURE,
      adoptedByResolutionId: null,
      validFrom: new Date(0),
    };
  return toVersion(row);
}

export async function rulesOfProcedureHistory(
  manager: EntityManager,
): Promise<RulesOfProcedureVersion[]> {
  return (await manager.query('SELECT * FROM rules_of_procedure ORDER BY version')).map(toVersion);
}

/** Registers version 1 on first start. */
export async function ensureInitialRulesOfProcedure(manager: EntityManager): Promise<void> {
  await manager.query(
    `INSERT INTO rules_of_procedure (version, text, abstention_rule, valid_from) VALUES (1, $1, $2, now())
     ON CONFLICT (version) DO NOTHING`,
    [INITIAL_RULES_OF_PROCEDURE.text, INITIAL_RULES_OF_PROCEDURE.abstentionRule],
  );
}

/** A new version, adopted by a resolution of kind RULES_OF_PROCEDURE (in that resolution's transaction). */
export async function adoptRulesOfProcedure(
  manager: EntityManager,
  proposal: { text: string; abstentionRule: AbstentionRule },
  resolutionId: string,
  at: Date,
): Promise<void> {
  await lockName(manager, 'rules_of_procedure');
  await manager.query(
    `INSERT INTO rules_of_procedure (version, text, abstention_rule, adopted_by_resolution_id, valid_from)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4 FROM rules_of_procedure`,
    [proposal.text, proposal.abstentionRule, resolutionId, at],
  );
}
