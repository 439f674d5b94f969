import { DEFAULT_ABSTENTION_RULE, type AbstentionRule } from './decision';

/** A version of the board's rules of procedure (Geschäftsordnung, docs/rules.md#rule-4). */
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

/**
 * The rules in force: the latest registered version, or the initial text as version 0 while none
 * is registered yet.
 */
export function rulesInForce(latest: RulesOfProcedureVersion | null): RulesOfProcedureVersion {
  return (
    latest ?? {
      version: 0,
      ...INITIAL_RULES_OF_PROCEDURE,
      adoptedByResolutionId: null,
      validFrom: new Date(0),
    }
  );
}
