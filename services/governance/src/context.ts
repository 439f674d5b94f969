import type { BaseContext } from '@jobcenter/subgraph-server';
import type { Board } from './application/board';
import type { Meetings } from './application/meetings';
import type { Resolutions } from './application/resolutions';
import type { Submissions } from './application/submissions';
import type { StaffCouncil } from './application/staff-council';
import type { TargetAgreements } from './application/target-agreements';
import type { Loaders } from './loaders';
import type { DataSource } from 'typeorm';

export interface GovernanceContext extends BaseContext {
  dataSource: DataSource;
  board: Board;
  submissions: Submissions;
  meetings: Meetings;
  resolutions: Resolutions;
  staffCouncil: StaffCouncil;
  targetAgreements: TargetAgreements;
  loaders: Loaders;
}
