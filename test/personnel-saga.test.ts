import { CITY_IDS, type CityId, type Role } from '@jobcenter/auth';
import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { createTestDatabase, eventually, graphql, tokenFor, uniqueId } from '@jobcenter/testing';
import type { DistrictsService } from '../services/districts/src/service';
import { aCaseload, startTestDistricts } from '../services/districts/test/support/districts';
import { DEMO_PEOPLE, DEMO_SEATS } from '../services/governance/src/demo-data';
import type { GovernanceService } from '../services/governance/src/service';
import { startTestGovernance } from '../services/governance/test/support/governance';
import type { PersonnelService } from '../services/personnel/src/service';
import { startTestPersonnel } from '../services/personnel/test/support/personnel';
import { startTestGateway } from './support/gateway';
import { ownKafkaBroker } from '@jobcenter/testing';

/**
 * Personnel with governance and districts, through Kafka and the gateway: the leadership
 * appointment saga (docs/rules.md#rule-12) across a restart of personnel, the transfer group's report
 * reaching the board (rule 10), and each district's staffing gap beside its caseload (rule 13).
 * A broker of this suite's own, so that only this suite's resolutions reach personnel.
 */
describe('personnel with governance and districts', () => {
  const broker = ownKafkaBroker('personnel');
  let districts: DistrictsService;
  let governance: GovernanceService;
  let personnel: PersonnelService;
  let gateway: RunningGateway;
  const personnelEnv: Record<string, string> = {};
  const governanceEnv: Record<string, string> = {};
  const as = (role: Role | Role[], city?: CityId) => tokenFor(role, city, `${role}-test`);
  const viaGateway = async <T = Record<string, unknown>>(
    role: Role,
    query: string,
    variables: Record<string, unknown> = {},
    city?: CityId,
  ) => graphql<T>(gateway.url, query, variables, await as(role, city));

  beforeAll(async () => {
    broker.start();
    const brokers = broker.brokers();
    personnelEnv.DATABASE_URL = await createTestDatabase('personnel');
    personnelEnv.CONSUMER_GROUP = uniqueId('personnel');
    governanceEnv.DATABASE_URL = await createTestDatabase('governance');
    governanceEnv.CONSUMER_GROUP = uniqueId('governance');
    [districts, governance, personnel] = await Promise.all([
      startTestDistricts({ brokers }),
      startTestGovernance({ brokers, env: governanceEnv }),
      startTestPersonnel({ brokers, env: personnelEnv }),
    ]);
    // A restarted service listens where the gateway expects it.
    personnelEnv.PORT = new URL(personnel.url).port;
    governanceEnv.PORT = new URL(governance.url).port;
    const urls = {
      SUBGRAPH_DISTRICTS_URL: districts.url,
      SUBGRAPH_GOVERNANCE_URL: governance.url,
      SUBGRAPH_PERSONNEL_URL: personnel.url,
    };
    gateway = await startTestGateway(subgraphDefinitions(urls), urls);
    await eventually(
      async () =>
        (await governance.dataSource.query('SELECT count(*)::int AS n FROM district_copy'))[0].n ===
        CITY_IDS.length,
      'the districts’ size groups in governance',
    );
    await governance.board.savePeople(DEMO_PEOPLE);
    await governance.board.setSeats(DEMO_SEATS);
  });
  afterAll(async () => {
    await gateway?.stop();
    await personnel?.stop();
    await governance?.stop();
    await districts?.stop();
    broker.stop();
  });

  /** Advertises a post county-wide (every post is, before it is filled). */
  async function advertise(postId: string, role: Role, city?: CityId) {
    const response = await viaGateway(
      role,
      'mutation A($p: ID!) { advertisePost(input: { postId: $p, scope: COUNTY_WIDE, publishedOn: "2026-11-01", closesOn: "2026-11-30" }) { id } }',
      { p: postId },
      city,
    );
    expect(response.errors).toBeUndefined();
  }

  /** The board adopts a submission by consensus in a meeting held now. */
  async function adoptByBoard(submissionId: string) {
    const meeting = await governance.meetings.schedule('BOARD', new Date());
    await governance.meetings.addAgendaItem(meeting.id, submissionId);
    await governance.meetings.hold(
      meeting.id,
      DEMO_SEATS.map((seat) => ({ seatId: seat.seatId, attendedBy: 'MEMBER' as const })),
      [],
      new Date(),
    );
    const [resolution] = await governance.resolutions.ofMeetings([meeting.id]);
    for (const seat of DEMO_SEATS) {
      await governance.resolutions.vote(resolution!.id, seat.memberId, 'AGREE');
    }
    return resolution!;
  }

  const APPOINTMENTS = /* GraphQL */ `
    {
      appointments {
        id
        status
        candidate {
          id
          name
        }
        post {
          id
          status
          holder {
            id
          }
        }
        resolution {
          id
          number
        }
      }
    }
  `;
  type Appointment = {
    id: string;
    status: string;
    candidate: { id: string; name: string | null };
    post: { id: string; status: string; holder: { id: string } | null };
    resolution: { id: string; number: string } | null;
  };

  it('completes a leadership appointment only after the board’s resolution, across a restart of personnel', async () => {
    const post = await viaGateway<{ createPost: { id: string } }>(
      'county_hr',
      'mutation { createPost(input: { unitId: "fachbereich-jobcenter", function: LEADERSHIP, fte: 1, employerSide: KREIS }) { id } }',
    );
    expect(post.errors).toBeUndefined();
    const candidate = await viaGateway<{ hireEmployee: { id: string } }>(
      'county_hr',
      'mutation { hireEmployee(input: { personnelNumber: "K-LEIT-1", name: "Dr. Petra Lange", employer: KREIS, workplace: "fachbereich-jobcenter", function: LEADERSHIP, fte: 1, startDate: "2026-01-01" }) { id } }',
    );
    const postId = post.data!.createPost.id;
    const candidateId = candidate.data!.hireEmployee.id;
    await advertise(postId, 'county_hr');

    // Filling it directly is refused: the board must be consulted first.
    const direct = await viaGateway(
      'county_hr',
      'mutation F($p: ID!, $e: ID!) { fillPost(postId: $p, employeeId: $e) { id } }',
      { p: postId, e: candidateId },
    );
    expect(direct.errors?.[0]?.message).toContain('in consultation with the board');

    const proposed = await viaGateway<{ proposeAppointment: { id: string; status: string } }>(
      'county_hr',
      'mutation P($p: ID!, $c: ID!) { proposeAppointment(postId: $p, candidateId: $c) { id status } }',
      { p: postId, c: candidateId },
    );
    expect(proposed.data!.proposeAppointment.status).toBe('PENDING');
    const appointmentId = proposed.data!.proposeAppointment.id;
    // Pending: the post stays unfilled, and filling it now is refused.
    const pending = await viaGateway<{
      post: { status: string; pendingAppointment: { id: string } };
    }>('county_hr', 'query P($id: ID!) { post(id: $id) { status pendingAppointment { id } } }', {
      id: postId,
    });
    expect(pending.data!.post).toEqual({
      status: 'ADVERTISED',
      pendingAppointment: { id: appointmentId },
    });
    const meanwhile = await viaGateway(
      'county_hr',
      'mutation F($p: ID!, $e: ID!) { fillPost(postId: $p, employeeId: $e) { id } }',
      { p: postId, e: candidateId },
    );
    expect(meanwhile.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // Governance turns the event into a LEADERSHIP_CONSULTATION submission.
    const submission = await eventually(
      async () =>
        (await governance.submissions.list()).find(
          (s) =>
            s.kind === 'LEADERSHIP_CONSULTATION' &&
            (s.proposal as { appointmentId: string }).appointmentId === appointmentId,
        ),
      'the consultation submission in governance',
    );
    expect(submission.title).toBe('Benehmen: Leitung des Fachbereichs Jobcenter');
    expect(submission.proposal).toEqual({
      appointmentId,
      position: 'HEAD_OF_DEPARTMENT',
      districtId: null,
    });
    // No personal data leaves personnel: the board reads the candidate in the graph.
    expect(JSON.stringify(submission)).not.toContain('Lange');

    // Personnel goes down; the board adopts meanwhile.
    await personnel.stop();
    const resolution = await adoptByBoard(submission.id);
    const adopted = await governance.resolutions.ofMeetings([resolution.meetingId]);
    expect(adopted[0]!.status).toBe('ADOPTED_BY_CONSENSUS');
    const down = await graphql(gateway.url, APPOINTMENTS, {}, await as('county_hr'));
    expect(down.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');

    // Back up, personnel reads the resolution it missed and completes the appointment.
    personnel = await startTestPersonnel({ brokers: broker.brokers(), env: personnelEnv });
    const completed = await eventually(async () => {
      const response = await viaGateway<{ appointments: Appointment[] }>(
        'board_member',
        APPOINTMENTS,
      );
      const found = response.data?.appointments.find((a) => a.id === appointmentId);
      return found?.status === 'COMPLETED' ? found : null;
    }, 'the completed appointment');
    expect(completed).toEqual({
      id: appointmentId,
      status: 'COMPLETED',
      candidate: { id: candidateId, name: 'Dr. Petra Lange' },
      post: { id: postId, status: 'FILLED', holder: { id: candidateId } },
      // The Resolution entity is governance's: its number comes from there through the gateway.
      resolution: { id: resolution.id, number: adopted[0]!.number },
    });
  });

  it('refuses a consultation submission written by hand: only personnel’s proposals make one', async () => {
    const forged = await viaGateway(
      'board_office',
      'mutation S($input: SubmissionInput!) { createSubmission(input: $input) { id } }',
      {
        input: {
          title: 'Benehmen: Leitung',
          text: 'Eine Vorlage ohne Vorschlag des Personalbereichs.',
          authorUnit: 'Geschäftsstelle',
          kind: 'LEADERSHIP_CONSULTATION',
          proposal: {
            appointmentId: '00000000-0000-4000-8000-000000000001',
            position: 'HEAD_OF_DEPARTMENT',
            districtId: null,
          },
        },
      },
    );
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
  });

  it('makes the consultation submission of a proposal sent while governance was down', async () => {
    await governance.stop();
    const head = await viaGateway<{ createPost: { id: string } }>(
      'city_hr',
      'mutation { createPost(input: { unitId: "marl", function: LEADERSHIP, fte: 1, employerSide: CITY }) { id } }',
      {},
      'marl',
    );
    const candidate = await viaGateway<{ hireEmployee: { id: string } }>(
      'city_hr',
      'mutation { hireEmployee(input: { personnelNumber: "MARL-LEIT-1", name: "Murat Demir", employer: MARL, workplace: "marl", function: LEADERSHIP, fte: 1, startDate: "2026-01-01" }) { id } }',
      {},
      'marl',
    );
    await advertise(head.data!.createPost.id, 'city_hr', 'marl');
    const proposed = await viaGateway<{ proposeAppointment: { id: string } }>(
      'city_hr',
      'mutation P($p: ID!, $c: ID!) { proposeAppointment(postId: $p, candidateId: $c) { id } }',
      { p: head.data!.createPost.id, c: candidate.data!.hireEmployee.id },
      'marl',
    );
    expect(proposed.errors).toBeUndefined();

    governance = await startTestGovernance({ brokers: broker.brokers(), env: governanceEnv });
    const submission = await eventually(
      async () =>
        (await governance.submissions.list()).find(
          (s) =>
            (s.proposal as { appointmentId?: string } | null)?.appointmentId ===
            proposed.data!.proposeAppointment.id,
        ),
      'the submission after governance restarted',
    );
    expect(submission.title).toBe('Benehmen: Leitung der Bezirksstelle Marl');
    expect(submission.proposal).toMatchObject({
      position: 'HEAD_OF_DISTRICT_OFFICE',
      districtId: 'marl',
    });
  });

  it('brings the transfer group’s report to the board as a submission', async () => {
    const sent = await viaGateway<{ submitTransferGroupReport: { id: string } }>(
      'staff_council',
      'mutation { submitTransferGroupReport(title: "Überleitung im 3. Quartal", text: "Zwei Stellen durch Fluktuation übergeleitet, keine Beschwerden.") { id } }',
    );
    expect(sent.errors).toBeUndefined();
    const submission = await eventually(
      async () =>
        (await governance.submissions.list()).find((s) =>
          s.title.includes('Überleitung im 3. Quartal'),
        ),
      'the transfer group’s submission',
    );
    expect(submission).toMatchObject({
      title: 'Bericht der Überleitungsgruppe: Überleitung im 3. Quartal',
      authorUnit: 'Überleitungsgruppe',
      kind: 'GENERAL',
    });
    expect(submission.text).toContain('Zwei Stellen durch Fluktuation übergeleitet');
  });

  it('shows each district’s staffing gap beside its caseload through the gateway', async () => {
    const figures = {
      herten: aCaseload({
        benefitHouseholds: 4200,
        eligibleJobseekers: 6000,
        eligibleJobseekersUnder25: 1200,
      }),
      datteln: aCaseload({
        benefitHouseholds: 1400,
        eligibleJobseekers: 2250,
        eligibleJobseekersUnder25: 750,
        longTermRecipients: 1400,
      }),
    };
    for (const [districtId, caseload] of Object.entries(figures)) {
      await districts.reporting.report({
        districtId,
        month: '2026-10',
        figures: caseload,
        reportedBy: 't',
      });
    }
    const QUERY = /* GraphQL */ `
      {
        districts {
          id
          name
          latestCaseloadReport {
            month
            benefitHouseholds
            eligibleJobseekers
          }
          staffingRequirement {
            caseloadMonth
            benefits {
              requiredFte
              heldFte
              gapFte
            }
            integration {
              requiredFte
              heldFte
              gapFte
            }
          }
        }
      }
    `;
    type Row = {
      id: string;
      latestCaseloadReport: { month: string; benefitHouseholds: number } | null;
      staffingRequirement: {
        caseloadMonth: string;
        benefits: { requiredFte: number; heldFte: number; gapFte: number };
        integration: { requiredFte: number; heldFte: number; gapFte: number };
      } | null;
    };
    const rows = await eventually(async () => {
      const response = await viaGateway<{ districts: Row[] }>('reporting', QUERY);
      const all = response.data?.districts ?? [];
      return ['herten', 'datteln'].every((id) => all.find((d) => d.id === id)?.staffingRequirement)
        ? all
        : null;
    }, 'the staffing requirement from the caseload events');
    const herten = rows.find((d) => d.id === 'herten')!;
    expect(herten.latestCaseloadReport).toMatchObject({
      month: '2026-10',
      benefitHouseholds: 4200,
    });
    // Statutory default key: 4200/140 = 30; 1200/75 + 4800/150 = 16 + 32 = 48.
    expect(herten.staffingRequirement).toEqual({
      caseloadMonth: '2026-10',
      benefits: { requiredFte: 30, heldFte: 0, gapFte: 30 },
      integration: { requiredFte: 48, heldFte: 0, gapFte: 48 },
    });
    const datteln = rows.find((d) => d.id === 'datteln')!;
    expect(datteln.staffingRequirement!.benefits.requiredFte).toBe(10); // 1400/140
    expect(datteln.staffingRequirement!.integration.requiredFte).toBe(20); // 750/75 + 1500/150
    // A district without caseload has no requirement yet.
    expect(rows.find((d) => d.id === 'waltrop')!.staffingRequirement).toBeNull();
  });
});
