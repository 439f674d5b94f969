import { resolverCodegen } from '../../packages/subgraph-server/codegen';

export default resolverCodegen({
  contextType: '../context#DistrictsContext',
  mappers: {
    JobcenterUnit: '../entities#JobcenterUnitEntity',
    District: '../entities#JobcenterUnitEntity',
    JobcenterDepartment: '../entities#JobcenterUnitEntity',
    CaseloadReport: '../entities#CaseloadReportEntity',
  },
});
