import { CaseloadReportEntity } from './caseload-report.entity';
import { JobcenterUnitEntity } from './jobcenter-unit.entity';

export { CaseloadReportEntity, JobcenterUnitEntity };
export const entities = [JobcenterUnitEntity, CaseloadReportEntity];
