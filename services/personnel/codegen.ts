import { resolverCodegen } from '../../packages/subgraph-server/codegen';

export default resolverCodegen({
  contextType: '../context#PersonnelContext',
  mappers: {
    Employee: '../application/records#EmployeeRecord',
    Post: '../application/records#PostRecord',
    Advertisement: '../application/posts#AdvertisementRecord',
    StaffingKey: '../domain/staffing#StaffingKey',
    StaffingRequirement: '../application/staffing#StaffingRequirementRecord',
    Transfer: '../application/transfers#TransferRecord',
    TransferGroupReport: '../application/transfers#TransferGroupReportRecord',
    Appointment: '../application/appointments#AppointmentRecord',
    RegionalTask: '../application/regional-tasks#RegionalTaskRecord',
    // Other subgraphs' entities: this one holds their keys only.
    District: '{ id: string }',
    Resolution: '{ id: string }',
  },
  // The employers' GraphQL names (CASTROP_RAUXEL) resolve to the ids used everywhere else
  // (castrop-rauxel): src/resolvers/scalars.ts.
  enumValues: { Employer: '../domain/functions#Employer' },
});
