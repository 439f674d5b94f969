import type { Board } from './board';
import type { Meetings } from './meetings';
import type { Resolutions } from './resolutions';
import type { StaffCouncil } from './staff-council';
import type { Submissions } from './submissions';
import type { TargetAgreements } from './target-agreements';
import type { OparlStore } from '../oparl/store';

/** The use cases of the governance service, built once at start and shared by resolvers and demo data. */
export interface GovernanceServices {
  board: Board;
  submissions: Submissions;
  meetings: Meetings;
  resolutions: Resolutions;
  staffCouncil: StaffCouncil;
  targetAgreements: TargetAgreements;
  /** The OParl API's objects (docs/oparl.md). */
  oparl: OparlStore;
}
