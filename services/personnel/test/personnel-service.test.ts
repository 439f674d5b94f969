import type { CityId, Role } from '@jobcenter/auth';
import { topics } from '@jobcenter/events';
import {
  aCaseloadReport,
  anAdoptedResolution,
  eventually,
  graphql,
  publishEvent,
  readTopic,
  tokenFor,
} from '@jobcenter/testing';
import type { PersonnelService } from '../src/service';
import { startTestPersonnel } from './support/personnel';

/** The personnel subgraph on real PostgreSQL and Kafka, called over HTTP as the gateway would. */
describe('personnel service', () => {
  let personnel: PersonnelService;
  const as = (role: Role | Role[], city?: CityId) =>
    tokenFor(role, city, `${role}-${city ?? 'kreis'}`);
  const call = async <T = Record<string, unknown>>(
    token: Promise<string>,
    query: string,
    variables: Record<string, unknown> = {},
  ) => graphql<T>(personnel.url, query, variables, await token);

  beforeAll(async () => {
    personnel = await startTestPersonnel();
  });
  afterAll(async () => {
    await personnel?.stop();
  });

  const HIRE = /* GraphQL */ `
    mutation Hire($input: HireInput!) {
      hireEmployee(input: $input) {
        id
        name
        employer
        workplaceId
        function
        fte
        active
      }
    }
  `;
  let serial = 0;
  const hire = async (
    token: Promise<string>,
    input: { employer: string; workplace: string; function: string; fte?: number; name?: string },
  ) =>
    call<{ hireEmployee: { id: string; name: string | null; employer: string } }>(token, HIRE, {
      input: {
        personnelNumber: `T-${Date.now()}-${(serial += 1)}`,
        name: input.name ?? 'Erika Musterfrau',
        fte: input.fte ?? 1,
        startDate: '2024-01-01',
        employer: input.employer,
        workplace: input.workplace,
        function: input.function,
      },
    });
  const CREATE_POST = /* GraphQL */ `
    mutation Post($input: PostInput!) {
      createPost(input: $input) {
        id
        reference
        status
        employerSide
        employer
      }
    }
  `;
  const createPost = (
    token: Promise<string>,
    input: { unitId: string; function: string; employerSide: string; fte?: number },
  ) =>
    call<{ createPost: { id: string; status: string; employerSide: string } }>(token, CREATE_POST, {
      input: { fte: 1, ...input },
    });
  const ADVERTISE =
    'mutation A($input: AdvertisementInput!) { advertisePost(input: $input) { id scope } }';
  /** A post advertised county-wide, ready to be filled. */
  const openPost = async (
    token: Promise<string>,
    input: { unitId: string; function: string; employerSide: string; fte?: number },
  ) => {
    const post = (await createPost(token, input)).data!.createPost;
    const advertised = await call(token, ADVERTISE, {
      input: {
        postId: post.id,
        scope: 'COUNTY_WIDE',
        publishedOn: '2026-11-01',
        closesOn: '2026-11-30',
      },
    });
    expect(advertised.errors).toBeUndefined();
    return post;
  };
  const FILL =
    'mutation F($p: ID!, $e: ID!) { fillPost(postId: $p, employeeId: $e) { id status holder { id } } }';
  const EMPLOYEE =
    'query E($id: ID!) { employee(id: $id) { id name employer endDate post { id employerSide } } }';

  it('lets a city’s HR write its own city’s staff and never another city’s', async () => {
    const marl = await hire(as('city_hr', 'marl'), {
      employer: 'MARL',
      workplace: 'marl',
      function: 'BENEFITS_CASEWORK',
    });
    expect(marl.errors).toBeUndefined();
    const hertenHire = await hire(as('city_hr', 'herten'), {
      employer: 'HERTEN',
      workplace: 'herten',
      function: 'INTEGRATION_CASEWORK',
    });
    const herten = hertenHire.data!.hireEmployee;

    const ended = await call(
      as('city_hr', 'marl'),
      'mutation End($id: ID!) { endEmployment(employeeId: $id, endDate: "2026-12-31") { id } }',
      { id: herten.id },
    );
    expect(ended.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(ended.errors?.[0]?.message).toContain(
      'staff of herten are written by the HR of herten, not of marl',
    );
    const unchanged = await call<{ employee: { endDate: string | null } }>(
      as('county_hr'),
      EMPLOYEE,
      { id: herten.id },
    );
    expect(unchanged.data!.employee.endDate).toBeNull();

    // An id that is no employee's (not even a UUID) is named as not found.
    const unknown = await call(
      as('county_hr'),
      'mutation End($id: ID!) { endEmployment(employeeId: $id, endDate: "2026-12-31") { id } }',
      { id: 'no-such-employee' },
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'employeeId',
    });
    expect(unknown.errors?.[0]?.message).toBe('There is no employee no-such-employee');

    // County HR writes the Kreis's staff, not a city's; a city's HR not the Kreis's.
    const countyForCity = await hire(as('county_hr'), {
      employer: 'MARL',
      workplace: 'marl',
      function: 'BENEFITS_CASEWORK',
    });
    expect(countyForCity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cityForKreis = await hire(as('city_hr', 'marl'), {
      employer: 'KREIS',
      workplace: 'marl',
      function: 'BENEFITS_CASEWORK',
    });
    expect(cityForKreis.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a central task for a city’s staff, naming the field, and stores nothing', async () => {
    const before = await personnel.dataSource.query('SELECT count(*)::int AS n FROM employee');
    const refused = await hire(as('city_hr', 'marl'), {
      employer: 'MARL',
      workplace: 'marl',
      function: 'DEBT_COLLECTION',
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'function',
    });
    const after = await personnel.dataSource.query('SELECT count(*)::int AS n FROM employee');
    expect(after[0].n).toBe(before[0].n);
  });

  it('shows names to county HR, the employing city’s HR and the board only', async () => {
    const hired = await hire(as('city_hr', 'gladbeck'), {
      employer: 'GLADBECK',
      workplace: 'gladbeck',
      function: 'BENEFITS_CASEWORK',
      name: 'Jana Beispiel',
    });
    const id = hired.data!.hireEmployee.id;
    const nameAs = async (token: Promise<string>) =>
      await call<{ employee: { name: string | null } | null }>(token, EMPLOYEE, { id });
    expect((await nameAs(as('county_hr'))).data!.employee!.name).toBe('Jana Beispiel');
    expect((await nameAs(as('city_hr', 'gladbeck'))).data!.employee!.name).toBe('Jana Beispiel');
    expect((await nameAs(as('board_member'))).data!.employee!.name).toBe('Jana Beispiel');
    expect((await nameAs(as('city_hr', 'marl'))).data!.employee!.name).toBeNull();
    expect((await nameAs(as('county_staff'))).data!.employee!.name).toBeNull();
    const reporting = await nameAs(as('reporting'));
    expect(reporting.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Reporting sees counts.
    const counts = await call<{
      _entities: { staff: { function: string; employer: string; headcount: number }[] }[];
    }>(
      as('reporting'),
      '{ _entities(representations: [{ __typename: "District", id: "gladbeck" }]) { ... on District { staff { function employer headcount fte } } } }',
    );
    expect(counts.errors).toBeUndefined();
    expect(counts.data!._entities[0]!.staff).toContainEqual(
      expect.objectContaining({
        function: 'BENEFITS_CASEWORK',
        employer: 'GLADBECK',
        headcount: 1,
      }),
    );
  });

  it('advertises county-wide only: a narrower advertisement is refused and changes nothing', async () => {
    const post = (
      await createPost(as('city_hr', 'dorsten'), {
        unitId: 'dorsten',
        function: 'INTEGRATION_CASEWORK',
        employerSide: 'CITY',
      })
    ).data!.createPost;
    const narrow = await call(as('city_hr', 'dorsten'), ADVERTISE, {
      input: {
        postId: post.id,
        scope: 'CITY_INTERNAL',
        publishedOn: '2026-11-01',
        closesOn: '2026-11-30',
      },
    });
    expect(narrow.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'scope',
    });
    expect(narrow.errors?.[0]?.message).toContain('advertised county-wide');
    const still = await call<{ post: { status: string; advertisements: unknown[] } }>(
      as('county_hr'),
      'query P($id: ID!) { post(id: $id) { status advertisements { id } } }',
      { id: post.id },
    );
    expect(still.data!.post).toEqual({ status: 'VACANT', advertisements: [] });

    const wide = await call(as('city_hr', 'dorsten'), ADVERTISE, {
      input: {
        postId: post.id,
        scope: 'COUNTY_WIDE',
        publishedOn: '2026-11-01',
        closesOn: '2026-11-30',
      },
    });
    expect(wide.errors).toBeUndefined();
    const advertised = await call<{ post: { status: string } }>(
      as('county_hr'),
      'query P($id: ID!) { post(id: $id) { status } }',
      { id: post.id },
    );
    expect(advertised.data!.post.status).toBe('ADVERTISED');
  });

  describe('leadership appointments decided by the board', () => {
    const APPOINTMENT = /* GraphQL */ `
      query A($post: ID!) {
        post(id: $post) {
          status
          holder {
            id
            function
            workplaceId
          }
          pendingAppointment {
            id
          }
        }
      }
    `;
    const PROPOSE =
      'mutation P($p: ID!, $c: ID!) { proposeAppointment(postId: $p, candidateId: $c) { id status } }';
    /** The board's adopted consultation, as governance would publish it. */
    const adopt = (appointmentId: string, districtId: string) => {
      const resolution = anAdoptedResolution(
        'LEADERSHIP_CONSULTATION',
        { appointmentId, position: 'HEAD_OF_DISTRICT_OFFICE', districtId },
        { number: 'V-2026-950' },
      );
      return publishEvent('resolutionAdopted', resolution.resolutionId, resolution);
    };
    const applied = (eventId: string) =>
      eventually(
        async () =>
          (
            await personnel.dataSource.query('SELECT 1 FROM applied_event WHERE event_id = $1', [
              eventId,
            ])
          ).length > 0,
        `event ${eventId} applied`,
      );
    const appointmentStatus = async (id: string) => (await personnel.appointments.byIds([id]))[0]!;

    async function headPostAndCandidate(city: CityId, employer: string) {
      const hr = as('city_hr', city);
      const candidate = (
        await hire(hr, { employer, workplace: city, function: 'INTEGRATION_CASEWORK' })
      ).data!.hireEmployee;
      const casework = await openPost(hr, {
        unitId: city,
        function: 'INTEGRATION_CASEWORK',
        employerSide: 'CITY',
      });
      expect((await call(hr, FILL, { p: casework.id, e: candidate.id })).errors).toBeUndefined();
      const head = await openPost(hr, {
        unitId: city,
        function: 'LEADERSHIP',
        employerSide: 'CITY',
      });
      const proposed = await call<{ proposeAppointment: { id: string; status: string } }>(
        hr,
        PROPOSE,
        { p: head.id, c: candidate.id },
      );
      expect(proposed.data!.proposeAppointment.status).toBe('PENDING');
      return { hr, candidate, casework, head, appointmentId: proposed.data!.proposeAppointment.id };
    }

    it('promotes the candidate: the head post is filled and the casework post falls vacant', async () => {
      const { hr, candidate, casework, head, appointmentId } = await headPostAndCandidate(
        'castrop-rauxel',
        'CASTROP_RAUXEL',
      );
      const event = await adopt(appointmentId, 'castrop-rauxel');
      await applied(event.id);
      expect(await appointmentStatus(appointmentId)).toMatchObject({
        status: 'COMPLETED',
        resolutionNumber: 'V-2026-950',
      });
      const headNow = await call<{ post: Record<string, unknown> }>(hr, APPOINTMENT, {
        post: head.id,
      });
      expect(headNow.data!.post).toEqual({
        status: 'FILLED',
        holder: { id: candidate.id, function: 'LEADERSHIP', workplaceId: 'castrop-rauxel' },
        pendingAppointment: null,
      });
      const caseworkNow = await call<{ post: { status: string } }>(hr, APPOINTMENT, {
        post: casework.id,
      });
      expect(caseworkNow.data!.post.status).toBe('VACANT');
    });

    it('leaves a withdrawn appointment withdrawn when the board decides later', async () => {
      const { hr, head, appointmentId } = await headPostAndCandidate(
        'haltern-am-see',
        'HALTERN_AM_SEE',
      );
      const withdrawn = await call<{
        withdrawAppointment: { status: string; outcomeReason: string };
      }>(
        hr,
        'mutation W($a: ID!) { withdrawAppointment(appointmentId: $a, reason: "Bewerbung zurückgezogen") { status outcomeReason } }',
        { a: appointmentId },
      );
      expect(withdrawn.data!.withdrawAppointment).toEqual({
        status: 'WITHDRAWN',
        outcomeReason: 'Bewerbung zurückgezogen',
      });
      await applied((await adopt(appointmentId, 'haltern-am-see')).id);
      expect((await appointmentStatus(appointmentId)).status).toBe('WITHDRAWN');
      const post = await call<{ post: { status: string } }>(hr, APPOINTMENT, { post: head.id });
      expect(post.data!.post.status).toBe('ADVERTISED');
    });

    it('records a failed appointment, with the reason, when the candidate has left meanwhile', async () => {
      const { hr, candidate, head, appointmentId } = await headPostAndCandidate(
        'datteln',
        'DATTELN',
      );
      const ended = await call(
        hr,
        'mutation E($id: ID!) { endEmployment(employeeId: $id, endDate: "2025-12-31") { id } }',
        { id: candidate.id },
      );
      expect(ended.errors).toBeUndefined();
      await applied((await adopt(appointmentId, 'datteln')).id);
      const failed = await appointmentStatus(appointmentId);
      expect(failed.status).toBe('FAILED');
      expect(failed.outcomeReason).toContain('is not employed');
      const post = await call<{ post: { status: string; holder: unknown } }>(hr, APPOINTMENT, {
        post: head.id,
      });
      expect(post.data!.post).toMatchObject({ status: 'ADVERTISED', holder: null });
    });
  });

  describe('transfers between Kreis and city', () => {
    const PROPOSE =
      'mutation T($e: ID!, $to: Employer!) { proposeVoluntaryTransfer(employeeId: $e, to: $to, reason: "Wechselwunsch") { id status } }';
    const ANSWER =
      'mutation A($t: ID!, $p: ConsentParty!, $c: Boolean!) { answerTransfer(transferId: $t, party: $p, consent: $c) { id status consents { party consent } } }';

    const openTransfer = async (employeeId: string) =>
      (
        await call<{ proposeVoluntaryTransfer: { id: string } }>(as('county_hr'), PROPOSE, {
          e: employeeId,
          to: 'MARL',
        })
      ).data!.proposeVoluntaryTransfer.id;

    async function kreisCaseworkerInPost() {
      const employee = (
        await hire(as('county_hr'), {
          employer: 'KREIS',
          workplace: 'marl',
          function: 'BENEFITS_CASEWORK',
        })
      ).data!.hireEmployee;
      const post = await openPost(as('county_hr'), {
        unitId: 'marl',
        function: 'BENEFITS_CASEWORK',
        employerSide: 'KREIS',
      });
      const filled = await call(as('county_hr'), FILL, { p: post.id, e: employee.id });
      expect(filled.errors).toBeUndefined();
      return { employee, post };
    }

    it('moves nobody before all three consented, and ends with one refusal', async () => {
      const { employee } = await kreisCaseworkerInPost();
      const opened = await call<{ proposeVoluntaryTransfer: { id: string; status: string } }>(
        as('county_hr'),
        PROPOSE,
        { e: employee.id, to: 'MARL' },
      );
      expect(opened.errors).toBeUndefined();
      const transferId = opened.data!.proposeVoluntaryTransfer.id;

      expect(
        (await call(as('county_hr'), ANSWER, { t: transferId, p: 'EMPLOYEE', c: true })).errors,
      ).toBeUndefined();
      expect(
        (await call(as('county_hr'), ANSWER, { t: transferId, p: 'KREIS', c: true })).errors,
      ).toBeUndefined();
      // Two of three agreed: nothing has moved.
      const meanwhile = await call<{
        employee: { employer: string; post: { employerSide: string } };
      }>(as('county_hr'), EMPLOYEE, { id: employee.id });
      expect(meanwhile.data!.employee).toMatchObject({
        employer: 'KREIS',
        post: { employerSide: 'KREIS' },
      });

      // Another city's HR cannot answer for Marl.
      const wrongCity = await call(as('city_hr', 'herten'), ANSWER, {
        t: transferId,
        p: 'CITY',
        c: true,
      });
      expect(wrongCity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      const refused = await call<{ answerTransfer: { status: string } }>(
        as('city_hr', 'marl'),
        ANSWER,
        { t: transferId, p: 'CITY', c: false },
      );
      expect(refused.data!.answerTransfer.status).toBe('REFUSED');
      const after = await call<{ employee: { employer: string; post: { employerSide: string } } }>(
        as('county_hr'),
        EMPLOYEE,
        { id: employee.id },
      );
      expect(after.data!.employee).toMatchObject({
        employer: 'KREIS',
        post: { employerSide: 'KREIS' },
      });
      expect(refused.data!.answerTransfer.status).toBe('REFUSED');
      // After the refusal no answer is taken any more, not even the employee's first.
      const second = await openTransfer(employee.id);
      await call(as('city_hr', 'marl'), ANSWER, { t: second, p: 'CITY', c: false });
      const late = await call<{ answerTransfer: unknown }>(as('county_hr'), ANSWER, {
        t: second,
        p: 'EMPLOYEE',
        c: true,
      });
      expect(late.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(late.errors?.[0]?.message).toContain('is refused');
    });

    it('moves the employee and the post with all three consents', async () => {
      const { employee } = await kreisCaseworkerInPost();
      const transferId = await openTransfer(employee.id);
      await call(as('city_hr', 'marl'), ANSWER, { t: transferId, p: 'EMPLOYEE', c: true });
      await call(as('county_hr'), ANSWER, { t: transferId, p: 'KREIS', c: true });
      const done = await call<{ answerTransfer: { status: string } }>(
        as('city_hr', 'marl'),
        ANSWER,
        {
          t: transferId,
          p: 'CITY',
          c: true,
        },
      );
      expect(done.data!.answerTransfer.status).toBe('COMPLETED');
      const moved = await call<{ employee: { employer: string; post: { employerSide: string } } }>(
        as('county_hr'),
        EMPLOYEE,
        { id: employee.id },
      );
      expect(moved.data!.employee).toMatchObject({
        employer: 'MARL',
        post: { employerSide: 'CITY' },
      });
    });

    it('refills a vacant post by the other side (fluctuation) and refuses it for a filled one', async () => {
      const { post: filled } = await kreisCaseworkerInPost();
      const FLUCTUATE =
        'mutation F($p: ID!) { transferPostByFluctuation(postId: $p, reason: "Ruhestand") { kind status from to post { employerSide } } }';
      const refused = await call(as('county_hr'), FLUCTUATE, { p: filled.id });
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'postId',
      });

      const vacant = (
        await createPost(as('county_hr'), {
          unitId: 'marl',
          function: 'INTEGRATION_CASEWORK',
          employerSide: 'KREIS',
        })
      ).data!.createPost;
      const asCity = await call(as('city_hr', 'marl'), FLUCTUATE, { p: vacant.id });
      expect(asCity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const moved = await call<{ transferPostByFluctuation: Record<string, unknown> }>(
        as('county_hr'),
        FLUCTUATE,
        { p: vacant.id },
      );
      expect(moved.data!.transferPostByFluctuation).toEqual({
        kind: 'FLUCTUATION',
        status: 'COMPLETED',
        from: 'KREIS',
        to: 'MARL',
        post: { employerSide: 'CITY' },
      });
    });

    it('lets the staff council read transfers and report to the board as the transfer group', async () => {
      const reader = await readTopic(topics.transferGroupReportSubmitted.name);
      try {
        const list = await call<{ transfers: { kind: string }[] }>(
          as('staff_council'),
          '{ transfers { kind status } }',
        );
        expect(list.data!.transfers.length).toBeGreaterThan(0);
        const notCouncil = await call(
          as('city_staff', 'marl'),
          'mutation { submitTransferGroupReport(title: "Bericht", text: "Zehn Zeichen mindestens") { id } }',
        );
        expect(notCouncil.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        const sent = await call<{
          submitTransferGroupReport: { id: string; transferCount: number };
        }>(
          as('staff_council'),
          'mutation { submitTransferGroupReport(title: "Quartalsbericht", text: "Die Überleitung verläuft planmäßig.") { id transferCount } }',
        );
        const report = sent.data!.submitTransferGroupReport;
        expect(report.transferCount).toBe(list.data!.transfers.length);
        const [message] = await reader.waitFor((m) => m.key === report.id);
        expect(message!.value).toMatchObject({
          data: {
            reportId: report.id,
            title: 'Quartalsbericht',
            transferCount: report.transferCount,
          },
        });
      } finally {
        await reader.stop();
      }
    });
  });

  it('lists the central tasks and those the board decided to run regionally', async () => {
    const { resolutionId, ...resolution } = anAdoptedResolution(
      'REGIONAL_TASK',
      { task: 'Schuldnerberatung', rationale: 'Einheitliche Beratung im ganzen Kreis.' },
      { number: 'V-2026-902', adoptedBy: 'CHAIR_DECISION' },
    );
    await publishEvent('resolutionAdopted', resolutionId, { resolutionId, ...resolution });
    type Task = { name: string; origin: string; resolution: { id: string } | null };
    const tasks = await eventually(async () => {
      const response = await call<{ regionalTasks: Task[] }>(
        as('reporting'),
        '{ regionalTasks { name origin resolution { id } } }',
      );
      const all = response.data?.regionalTasks ?? [];
      return all.some((t) => t.name === 'Schuldnerberatung') ? all : null;
    }, 'the regional task from the resolution');
    expect(tasks.filter((t) => t.origin === 'CENTRAL_TASK')).toHaveLength(15);
    expect(tasks.map((t) => t.name)).toContain('Innenrevision');
    expect(tasks.find((t) => t.name === 'Schuldnerberatung')).toEqual({
      name: 'Schuldnerberatung',
      origin: 'BOARD_RESOLUTION',
      resolution: { id: resolutionId },
    });
  });

  describe('staffing requirement and gap', () => {
    const REQUIREMENT = /* GraphQL */ `
      query R($id: ID!) {
        _entities(representations: [{ __typename: "District", id: $id }]) {
          ... on District {
            staffingRequirement {
              caseloadMonth
              key {
                householdsPerBenefitsPost
                resolutionNumber
              }
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
      }
    `;
    type Requirement = {
      caseloadMonth: string;
      key: { householdsPerBenefitsPost: number; resolutionNumber: string | null };
      benefits: { requiredFte: number; heldFte: number; gapFte: number };
      integration: { requiredFte: number; heldFte: number; gapFte: number };
    } | null;
    const requirementOf = async (district: string) =>
      (
        await call<{ _entities: { staffingRequirement: Requirement }[] }>(
          as('reporting'),
          REQUIREMENT,
          {
            id: district,
          },
        )
      ).data!._entities[0]!.staffingRequirement;

    it('computes the gap from the latest caseload and the key, and publishes each change', async () => {
      const reader = await readTopic(topics.staffingGapChanged.name);
      try {
        const households = 2000 + Math.floor(Math.random() * 5000);
        await publishEvent(
          'caseloadReported',
          'waltrop',
          aCaseloadReport('waltrop', '2026-10', { benefitHouseholds: households }),
        );
        // Statutory default until the board adopts a key: 1:140, 1:75 under 25, 1:150 from 25.
        const benefitsFte = Math.ceil((households * 1000) / 140) / 1000;
        // Other suites report Waltrop's earlier months on the same broker: wait for this month.
        const first = await eventually(async () => {
          const requirement = await requirementOf('waltrop');
          return requirement?.caseloadMonth === '2026-10' && requirement;
        }, 'the caseload event');
        expect(first).toEqual({
          caseloadMonth: '2026-10',
          key: { householdsPerBenefitsPost: 140, resolutionNumber: null },
          benefits: { requiredFte: benefitsFte, heldFte: 0, gapFte: benefitsFte },
          integration: { requiredFte: 24, heldFte: 0, gapFte: 24 }, // 600/75 + 2400/150
        });
        await reader.waitFor(
          (m) =>
            m.key === 'waltrop' &&
            (m.value.data as { benefits: { requiredFte: number } }).benefits.requiredFte ===
              benefitsFte,
        );

        // The board adopts a key of 1:100 households.
        const { resolutionId, ...resolution } = anAdoptedResolution(
          'STAFFING_KEY',
          {
            householdsPerBenefitsPost: 100,
            jobseekersPerIntegrationPost: 150,
            jobseekersUnder25PerIntegrationPost: 75,
            validFrom: '2026-01-01',
          },
          { number: 'V-2026-901' },
        );
        await publishEvent('resolutionAdopted', resolutionId, { resolutionId, ...resolution });
        const keyed = await eventually(async () => {
          const r = await requirementOf('waltrop');
          return r?.key.resolutionNumber === 'V-2026-901' ? r : null;
        }, 'the staffing key resolution');
        expect(keyed!.benefits.requiredFte).toBe(households / 100);
        await reader.waitFor(
          (m) =>
            m.key === 'waltrop' &&
            (m.value.data as { staffingKeyResolutionId: string }).staffingKeyResolutionId ===
              resolutionId,
        );

        // Filling a benefits post narrows the gap by its FTE, and is published.
        const employee = (
          await hire(as('city_hr', 'waltrop'), {
            employer: 'WALTROP',
            workplace: 'waltrop',
            function: 'BENEFITS_CASEWORK',
            fte: 0.75,
          })
        ).data!.hireEmployee;
        const post = await openPost(as('city_hr', 'waltrop'), {
          unitId: 'waltrop',
          function: 'BENEFITS_CASEWORK',
          employerSide: 'CITY',
          fte: 0.75,
        });
        expect(
          (await call(as('city_hr', 'waltrop'), FILL, { p: post.id, e: employee.id })).errors,
        ).toBeUndefined();
        const filled = await requirementOf('waltrop');
        expect(filled!.benefits.heldFte).toBe(0.75);
        expect(filled!.benefits.gapFte).toBeCloseTo(households / 100 - 0.75, 3);
        await reader.waitFor(
          (m) =>
            m.key === 'waltrop' &&
            (m.value.data as { benefits: { heldFte: number } }).benefits.heldFte === 0.75,
        );
      } finally {
        await reader.stop();
      }
    });

    it('publishes the right held FTE when posts of one district are filled at the same time', async () => {
      await publishEvent(
        'caseloadReported',
        'oer-erkenschwick',
        aCaseloadReport('oer-erkenschwick', '2026-10'),
      );
      await eventually(requirementOf.bind(null, 'oer-erkenschwick'), 'the caseload event');
      const hr = as('city_hr', 'oer-erkenschwick');
      const pairs = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const employee = (
            await hire(hr, {
              employer: 'OER_ERKENSCHWICK',
              workplace: 'oer-erkenschwick',
              function: 'BENEFITS_CASEWORK',
            })
          ).data!.hireEmployee;
          const post = await openPost(hr, {
            unitId: 'oer-erkenschwick',
            function: 'BENEFITS_CASEWORK',
            employerSide: 'CITY',
          });
          return { employee, post };
        }),
      );
      const fills = await Promise.all(
        pairs.map(({ employee, post }) => call(hr, FILL, { p: post.id, e: employee.id })),
      );
      expect(fills.every((fill) => fill.errors === undefined)).toBe(true);
      // What was published last (and is kept on the compacted topic) is the true figure.
      const [published] = await personnel.dataSource.query(
        `SELECT benefits_held FROM staffing_gap WHERE district_id = 'oer-erkenschwick'`,
      );
      expect(published.benefits_held).toBe(8000);
      expect((await requirementOf('oer-erkenschwick'))!.benefits.heldFte).toBe(8);
    });

    it('gives no requirement for a district without caseload', async () => {
      expect(await requirementOf('datteln')).toBeNull();
    });
  });
});
