import type { EntityManager } from 'typeorm';
import type { AbstentionRule } from '../domain/decision';
import {
  INITIAL_RULES_OF_PROCEDURE,
  rulesInForce,
  type RulesOfProcedureVersion,
} from '../domain/rules-of-procedure';
import { RulesOfProcedureRepository } from '../repositories/rules-of-procedure.repository';

export { INITIAL_RULES_OF_PROCEDURE, type RulesOfProcedureVersion };

export async function currentRulesOfProcedure(
  manager: EntityManager,
): Promise<RulesOfProcedureVersion> {
  return rulesInForce(await new RulesOfProcedureRepository(manager).latest());
}

export function rulesOfProcedureHistory(
  manager: EntityManager,
): Promise<RulesOfProcedureVersion[]> {
  return new RulesOfProcedureRepository(manager).history();
}

/** Registers version 1 on first start. */
export function ensureInitialRulesOfProcedure(manager: EntityManager): Promise<void> {
  return new RulesOfProcedureRepository(manager).insertFirst(INITIAL_RULES_OF_PROCEDURE);
}

/** A new version, adopted by a resolution of kind RULES_OF_PROCEDURE (in that resolution's transaction). */
export function adoptRulesOfProcedure(
  manager: EntityManager,
  proposal: { text: string; abstentionRule: AbstentionRule },
  resolutionId: string,
  at: Date,
): Promise<void> {
  return new RulesOfProcedureRepository(manager).insertNext(proposal, resolutionId, at);
}
