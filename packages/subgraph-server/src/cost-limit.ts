import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Limits how much an operation may ask for: the number of fields it selects, with fragments
 * counted wherever they are spread (so aliases and repeated fragments cannot multiply the work
 * unseen). Lists are not multiplied: the depth limit and the size of the domain (eleven units,
 * monthly reports) bound them.
 */
export function fieldCostLimit(maxFields: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>(
      context
        .getDocument()
        .definitions.filter(
          (definition): definition is FragmentDefinitionNode =>
            definition.kind === Kind.FRAGMENT_DEFINITION,
        )
        .map((fragment) => [fragment.name.value, fragment]),
    );
    const count = (selectionSet: SelectionSetNode, seen: Set<string>): number =>
      selectionSet.selections.reduce((total, selection) => {
        if (selection.kind === Kind.FIELD)
          return total + 1 + (selection.selectionSet ? count(selection.selectionSet, seen) : 0);
        if (selection.kind === Kind.INLINE_FRAGMENT)
          return total + count(selection.selectionSet, seen);
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) return total;
        return total + count(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      }, 0);
    return {
      OperationDefinition(operation) {
        const fields = count(operation.selectionSet, new Set());
        if (fields > maxFields) {
          context.reportError(
            new GraphQLError(
              `The operation selects ${fields} fields; at most ${maxFields} are allowed. Ask in smaller parts.`,
              {
                nodes: [operation],
                extensions: { code: 'QUERY_TOO_COSTLY' },
              },
            ),
          );
        }
      },
    };
  };
}
