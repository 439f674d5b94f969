import { graphql } from '../gql';

/** Required, held and missing full-time posts of one kind of casework (personnel). */
export const CASEWORK_FIGURES = graphql(`
  fragment CaseworkFigures on CaseworkStaffing {
    requiredFte
    heldFte
    gapFte
  }
`);
