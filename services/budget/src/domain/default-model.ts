import type { AllocationModel } from './allocation';

/**
 * Inhabitants of the ten cities (IT.NRW figures via public sources, year in brackets, as listed in
 * docs/demo-data.md): Recklinghausen (2022), Marl (2023), Dorsten (2023), Gladbeck (2022),
 * Castrop-Rauxel (2020), Herten (2023), Haltern am See (2023), Datteln (2023),
 * Oer-Erkenschwick (2022), Waltrop (2023).
 */
export const INHABITANTS: Record<string, number> = {
  recklinghausen: 111_734,
  marl: 85_001,
  dorsten: 76_842,
  gladbeck: 75_889,
  'castrop-rauxel': 73_126,
  herten: 62_204,
  'haltern-am-see': 38_033,
  datteln: 35_200,
  'oer-erkenschwick': 31_838,
  waltrop: 29_586,
};

/**
 * Working-age population (15 to under 67) estimated as 63 % of the inhabitants, the approximate
 * share in NRW; an estimate, not an official figure. The Fachbereich replaces it with the
 * statistics office's figures by setting the model.
 */
export const ESTIMATED_WORKING_AGE_POPULATION: Record<string, number> = Object.fromEntries(
  Object.entries(INHABITANTS).map(([id, inhabitants]) => [
    id,
    Math.round((inhabitants * 63) / 100),
  ]),
);

/** The default: the federal EinglMV method (§ 1) with its own parameters, applied to the ten districts. */
export const DEFAULT_ALLOCATION_MODEL: AllocationModel = {
  kind: 'EINGLMV',
  problemPressureBasisPoints: 5_000,
  structureBasisPoints: 5_000,
  deviationFactorBasisPoints: 2_500,
  workingAgePopulation: ESTIMATED_WORKING_AGE_POPULATION,
};
