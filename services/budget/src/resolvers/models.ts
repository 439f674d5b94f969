import type { AllocationModel } from '../domain/allocation';
import { DEFAULT_ALLOCATION_MODEL } from '../domain/default-model';
import { RuleViolation } from '@jobcenter/subgraph-server';
import type { AllocationModelInput } from './generated';

/** The GraphQL input as a domain model; EinglMV parameters left out take the federal defaults. */
export function modelFromInput(input: AllocationModelInput): AllocationModel {
  if (input.kind === 'WEIGHTED_SHARES') {
    if (!input.weights?.length)
      throw new RuleViolation('WEIGHTED_SHARES needs weights', 'model.weights');
    return { kind: 'WEIGHTED_SHARES', weights: input.weights };
  }
  const defaults = DEFAULT_ALLOCATION_MODEL as Extract<AllocationModel, { kind: 'EINGLMV' }>;
  return {
    kind: 'EINGLMV',
    problemPressureBasisPoints:
      input.problemPressureBasisPoints ?? defaults.problemPressureBasisPoints,
    structureBasisPoints: input.structureBasisPoints ?? defaults.structureBasisPoints,
    deviationFactorBasisPoints:
      input.deviationFactorBasisPoints ?? defaults.deviationFactorBasisPoints,
    workingAgePopulation: input.workingAgePopulation
      ? Object.fromEntries(
          input.workingAgePopulation.map((entry) => [entry.districtId, entry.workingAgePopulation]),
        )
      : defaults.workingAgePopulation,
  };
}

/** The domain model as the GraphQL type shows it. */
export function modelToOutput(model: AllocationModel, isDefault: boolean) {
  return model.kind === 'WEIGHTED_SHARES'
    ? { kind: model.kind, isDefault, weights: model.weights, workingAgePopulation: [] }
    : {
        kind: model.kind,
        isDefault,
        weights: [],
        problemPressureBasisPoints: model.problemPressureBasisPoints,
        structureBasisPoints: model.structureBasisPoints,
        deviationFactorBasisPoints: model.deviationFactorBasisPoints,
        workingAgePopulation: Object.entries(model.workingAgePopulation)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([districtId, workingAgePopulation]) => ({ districtId, workingAgePopulation })),
      };
}
