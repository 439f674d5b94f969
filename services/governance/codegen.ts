import { resolverCodegen } from '../../packages/subgraph-server/codegen';

export default resolverCodegen({
  contextType: '../context#GovernanceContext',
  mappers: {
    Person: '../domain/board#Person',
    Submission: '../application/submissions#SubmissionRecord',
    Meeting: '../application/meetings#MeetingRecord',
    AgendaItem: '../application/meetings#AgendaItemRecord',
    Attendance: '../application/meetings#AttendanceRecord',
    Resolution: '../application/resolutions#ResolutionRecord',
    CastVote: '../application/resolutions#VoteRecord',
    RulesOfProcedure: '../application/rules-of-procedure#RulesOfProcedureVersion',
    StaffCouncilConsultation: '../application/staff-council#ConsultationRecord',
    Invitation: '../application/staff-council#InvitationRecord',
    TargetAgreement: '../application/target-agreements#TargetAgreementRecord',
    Benchmark: '../domain/benchmarking#Benchmark',
    DistrictBenchmark: '../domain/benchmarking#DistrictBenchmark',
    // Another subgraph's entity: this one holds its key only.
    District: '{ id: string }',
  },
});
