import { topics } from '@jobcenter/events';
import { graphql, readTopic, tokenFor } from '@jobcenter/testing';
import type { Role } from '@jobcenter/auth';
import type { DistrictsService } from '../services/districts/src/service';
import { aCaseload, startTestDistricts } from '../services/districts/test/support/districts';
import { DEMO_PEOPLE, DEMO_SEATS } from '../services/governance/src/demo-data';
import type { GovernanceService } from '../services/governance/src/service';
import { eventually, startTestGovernance } from '../services/governance/test/support/governance';
import { ownKafkaBroker } from '@jobcenter/testing';

/**
 * Governance with the districts service over a Kafka broker of this suite's own, so that the
 * districts' size groups and caseload arrive exactly as published here.
 */
const broker = ownKafkaBroker('governance');
let brokers: string[] = [];
const kafka = (command: 'start' | 'stop') => {
  broker[command]();
  brokers = broker.brokers();
};

const as = (role: Role | Role[], subject: string) => tokenFor(role, undefined, subject);

const MEETING = /* GraphQL */ `
  query Meeting($id: ID!) {
    meeting(id: $id) {
      status
      attendance {
        seat {
          id
        }
        attendedBy
        person {
          id
        }
      }
      guests {
        id
      }
      agenda {
        position
        submission {
          title
          kind
        }
        resolution {
          id
          number
          status
        }
      }
    }
  }
`;
const VOTE =
  'mutation Vote($id: ID!, $vote: Vote!) { castVote(resolutionId: $id, vote: $vote) { status votes { seat { id } vote } } }';
const DECIDE =
  'mutation Decide($id: ID!, $decision: ChairDecision!) { decideDissent(resolutionId: $id, decision: $decision) { status decidedBy { id } } }';

describe('governance: the board decides', () => {
  let districts: DistrictsService;
  let governance: GovernanceService;
  let office: string;
  let url: string;

  beforeAll(async () => {
    kafka('start');
    districts = await startTestDistricts({ brokers });
    governance = await startTestGovernance({ brokers });
    url = governance.url;
    office = await as('board_office', 'geschaeftsstelle');
    await eventually(
      async () =>
        (await governance.dataSource.query('SELECT count(*)::int AS n FROM district_copy'))[0].n ===
        10,
      'the ten districts from districts.district-changed.v1',
    );
    const people = await graphql(
      url,
      'mutation P($people: [PersonInput!]!) { savePeople(people: $people) { id } }',
      { people: DEMO_PEOPLE },
      office,
    );
    expect(people.errors).toBeUndefined();
  });
  afterAll(async () => {
    await governance?.stop();
    await districts?.stop();
    kafka('stop');
  });

  const SET_SEATS =
    'mutation S($seats: [SeatInput!]!) { setBoardSeats(seats: $seats) { seats { id member { id } substitute { id } } findings } }';

  it('sets a sound board and refuses one that breaks the composition, changing nothing', async () => {
    const sound = await graphql<{ setBoardSeats: { seats: unknown[]; findings: string[] } }>(
      url,
      SET_SEATS,
      { seats: DEMO_SEATS },
      office,
    );
    expect(sound.errors).toBeUndefined();
    expect(sound.data!.setBoardSeats.seats).toHaveLength(5);
    expect(sound.data!.setBoardSeats.findings).toEqual([]);

    // Recklinghausen's Sozialdezernent cannot represent the small cities: Recklinghausen is large.
    const broken = DEMO_SEATS.map((seat) =>
      seat.seatId === 'small-cities'
        ? { ...seat, memberId: 'dezernent-recklinghausen', substituteId: null }
        : seat,
    );
    const refused = await graphql(url, SET_SEATS, { seats: broken }, office);
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'seats' },
    });
    expect(refused.errors?.[0]?.message).toContain(
      'cannot represent the small cities: recklinghausen is large',
    );
    const board = await graphql<{ board: { seats: { id: string; member: { id: string } }[] } }>(
      url,
      '{ board { seats { id member { id } } } }',
      {},
      office,
    );
    expect(board.data!.board.seats.find((seat) => seat.id === 'small-cities')!.member.id).toBe(
      'dezernent-datteln',
    );
  });

  it('keeps the steering committee, whose meetings take no resolutions', async () => {
    const members = await graphql<{ setSteeringCommitteeMembers: { id: string }[] }>(
      url,
      'mutation { setSteeringCommitteeMembers(personIds: ["fb-leitung", "dezernent-marl-unknown"]) { id } }',
      {},
      office,
    );
    expect(members.errors?.[0]).toMatchObject({
      extensions: { code: 'NOT_FOUND', field: 'personIds' },
    });
    await graphql(
      url,
      'mutation { setSteeringCommitteeMembers(personIds: ["fb-leitung", "dezernent-herten"]) { id } }',
      {},
      office,
    );
    const committee = await graphql<{ steeringCommittee: { id: string }[] }>(
      url,
      '{ steeringCommittee { id } }',
      {},
      office,
    );
    expect(committee.data!.steeringCommittee.map((person) => person.id).sort()).toEqual([
      'dezernent-herten',
      'fb-leitung',
    ]);

    const meeting = await graphql<{ scheduleMeeting: { id: string } }>(
      url,
      'mutation { scheduleMeeting(body: STEERING_COMMITTEE, scheduledFor: "2026-06-03T09:00:00Z") { id } }',
      {},
      office,
    );
    const id = meeting.data!.scheduleMeeting.id;
    const HOLD =
      'mutation H($m: ID!, $a: [AttendanceInput!]!) { holdMeeting(meetingId: $m, attendance: $a) { status resolutions { id } } }';
    const withSeats = await graphql(
      url,
      HOLD,
      { m: id, a: [{ seatId: 'chair', attendedBy: 'MEMBER' }] },
      office,
    );
    expect(withSeats.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'attendance' },
    });
    const held = await graphql<{ holdMeeting: { status: string; resolutions: unknown[] } }>(
      url,
      HOLD,
      { m: id, a: [] },
      office,
    );
    expect(held.data!.holdMeeting).toEqual({ status: 'HELD', resolutions: [] });
  });

  it('refuses a change of a seated member’s city that would break the board', async () => {
    const moved = DEMO_PEOPLE.map((person) =>
      person.id === 'dezernent-datteln' ? { ...person, cityId: 'marl' } : person,
    );
    const refused = await graphql(
      url,
      'mutation P($people: [PersonInput!]!) { savePeople(people: $people) { id } }',
      { people: moved },
      office,
    );
    expect(refused.errors?.[0]?.message).toContain(
      'cannot represent the small cities: marl is large',
    );
    const [person] = await governance.dataSource.query(
      `SELECT city_id FROM person WHERE id = 'dezernent-datteln'`,
    );
    expect(person.city_id).toBe('datteln');
  });

  it('refuses a board change by anyone but the board office', async () => {
    const member = await as('board_member', 'dezernent-herten');
    const response = await graphql(url, SET_SEATS, { seats: DEMO_SEATS }, member);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  describe('a meeting', () => {
    let meetingId: string;
    let staffingKey: string;
    let general: string;

    const createSubmission = async (input: Record<string, unknown>) =>
      graphql<{ createSubmission: { id: string; reference: string } }>(
        url,
        'mutation C($input: SubmissionInput!) { createSubmission(input: $input) { id reference kind proposal } }',
        {
          input: {
            authorUnit: 'Fachbereich Jobcenter',
            text: 'Begründung der Vorlage in Textform.',
            ...input,
          },
        },
        office,
      );

    beforeAll(async () => {
      const meeting = await graphql<{ scheduleMeeting: { id: string } }>(
        url,
        'mutation { scheduleMeeting(body: BOARD, scheduledFor: "2026-09-09T09:00:00Z") { id status } }',
        {},
        office,
      );
      meetingId = meeting.data!.scheduleMeeting.id;
      const key = await createSubmission({
        title: 'Personalschlüssel 2027',
        kind: 'STAFFING_KEY',
        proposal: {
          householdsPerBenefitsPost: 130,
          jobseekersPerIntegrationPost: 150,
          jobseekersUnder25PerIntegrationPost: 75,
          validFrom: '2027-01-01',
        },
      });
      expect(key.errors).toBeUndefined();
      staffingKey = key.data!.createSubmission.id;
      general = (
        await createSubmission({ title: 'Öffnungszeiten der Bezirksstellen', kind: 'GENERAL' })
      ).data!.createSubmission.id;
    });

    it('refuses a typed submission whose proposal is not valid, naming the field', async () => {
      const response = await createSubmission({
        title: 'Schlüssel',
        kind: 'STAFFING_KEY',
        proposal: {
          householdsPerBenefitsPost: 0,
          jobseekersPerIntegrationPost: 150,
          jobseekersUnder25PerIntegrationPost: null,
          validFrom: '2027-01-01',
        },
      });
      expect(response.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'proposal.householdsPerBenefitsPost' },
      });
    });

    it('puts only written submissions on the agenda', async () => {
      const missing = await graphql(
        url,
        'mutation M($m: ID!) { addAgendaItem(meetingId: $m) { id } }',
        { m: meetingId },
        office,
      );
      expect(missing.errors?.[0]?.message).toContain(
        'argument "submissionId" of type "ID!" is required',
      );
      const unknown = await graphql(
        url,
        'mutation M($m: ID!) { addAgendaItem(meetingId: $m, submissionId: "no-such-thing") { id } }',
        { m: meetingId },
        office,
      );
      expect(unknown.errors?.[0]).toMatchObject({
        extensions: { code: 'NOT_FOUND', field: 'submissionId' },
      });
      for (const submissionId of [staffingKey, general]) {
        const added = await graphql(
          url,
          'mutation M($m: ID!, $s: ID!) { addAgendaItem(meetingId: $m, submissionId: $s) { position } }',
          { m: meetingId, s: submissionId },
          office,
        );
        expect(added.errors).toBeUndefined();
      }
    });

    it('invites staff-council representatives, also on the council’s own request', async () => {
      const council = await as('staff_council', 'personalrat-kreis');
      const uninvited = await graphql(
        url,
        'mutation H($m: ID!, $a: [AttendanceInput!]!, $g: [ID!]) { holdMeeting(meetingId: $m, attendance: $a, guestIds: $g) { status } }',
        {
          m: meetingId,
          a: [{ seatId: 'deputy-chair', attendedBy: 'MEMBER' }],
          g: ['personalrat-kreis'],
        },
        office,
      );
      expect(uninvited.errors?.[0]?.message).toContain('was not invited to this meeting');
      const request = await graphql<{
        requestStaffCouncilInvitation: { id: string; status: string; requestedByCouncil: boolean };
      }>(
        url,
        'mutation R($m: ID!) { requestStaffCouncilInvitation(meetingId: $m, topic: "Überleitung von Personal") { id status requestedByCouncil } }',
        { m: meetingId },
        council,
      );
      expect(request.data!.requestStaffCouncilInvitation).toMatchObject({
        status: 'REQUESTED',
        requestedByCouncil: true,
      });
      const byMember = await graphql(
        url,
        'mutation A($i: ID!) { answerInvitationRequest(invitationId: $i, accept: true) { status } }',
        { i: request.data!.requestStaffCouncilInvitation.id },
        await as('board_member', 'fb-leitung'),
      );
      expect(byMember.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      const byOffice = await graphql(
        url,
        'mutation A($i: ID!) { answerInvitationRequest(invitationId: $i, accept: true) { status } }',
        { i: request.data!.requestStaffCouncilInvitation.id },
        office,
      );
      expect(byOffice.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      const other = await graphql<{ scheduleMeeting: { id: string } }>(
        url,
        'mutation { scheduleMeeting(body: BOARD, scheduledFor: "2026-12-09T09:00:00Z") { id } }',
        {},
        office,
      );
      const peek = await graphql(
        url,
        'mutation R($m: ID!) { requestStaffCouncilInvitation(meetingId: $m, topic: "Stellenplan") { status meeting { agenda { position } } } }',
        { m: other.data!.scheduleMeeting.id },
        council,
      );
      // The request is recorded, but the meeting's inside is not the council's to read.
      expect(peek.errors?.[0]).toMatchObject({
        extensions: { code: 'FORBIDDEN' },
        path: ['requestStaffCouncilInvitation', 'meeting'],
      });
      const accepted = await graphql<{ answerInvitationRequest: { status: string } }>(
        url,
        'mutation A($i: ID!) { answerInvitationRequest(invitationId: $i, accept: true) { status } }',
        { i: request.data!.requestStaffCouncilInvitation.id },
        await as('board_chair', 'landrat'),
      );
      expect(accepted.data!.answerInvitationRequest.status).toBe('INVITED');
      const consultation = await graphql(
        url,
        'mutation { recordStaffCouncilConsultation(consultedOn: "2026-09-01", topic: "Besetzung der Bezirksstellenleitung Marl", outcome: "keine Einwände") { id } }',
        {},
        await as('board_chair', 'landrat'),
      );
      expect(consultation.errors).toBeUndefined();
      const read = await graphql<{ staffCouncilConsultations: { topic: string }[] }>(
        url,
        '{ staffCouncilConsultations { topic outcome } }',
        {},
        council,
      );
      expect(read.data!.staffCouncilConsultations).toEqual([
        { topic: 'Besetzung der Bezirksstellenleitung Marl', outcome: 'keine Einwände' },
      ]);
      const february30 = await graphql(
        url,
        'mutation { recordStaffCouncilConsultation(consultedOn: "2026-02-30", topic: "x y z") { id } }',
        {},
        office,
      );
      expect(february30.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'consultedOn' },
      });
      const badDate = await graphql(
        url,
        'mutation { recordStaffCouncilConsultation(consultedOn: "1. September", topic: "x y z") { id } }',
        {},
        office,
      );
      expect(badDate.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'consultedOn' },
      });
    });

    it('is held with attendance: the chair absent, a mayor standing in, a staff-council guest', async () => {
      const attendance = [
        { seatId: 'deputy-chair', attendedBy: 'MEMBER' },
        { seatId: 'small-cities', attendedBy: 'MEMBER' },
        { seatId: 'medium-cities', attendedBy: 'SUBSTITUTE' },
        { seatId: 'large-cities', attendedBy: 'MEMBER' },
      ];
      const held = await graphql(
        url,
        'mutation H($m: ID!, $a: [AttendanceInput!]!, $g: [ID!]) { holdMeeting(meetingId: $m, attendance: $a, guestIds: $g) { status } }',
        { m: meetingId, a: attendance, g: ['personalrat-kreis'] },
        office,
      );
      expect(held.errors).toBeUndefined();
      const meeting = await graphql<{
        meeting: {
          status: string;
          guests: unknown[];
          attendance: { person: { id: string } }[];
          agenda: { resolution: { status: string } }[];
        };
      }>(url, MEETING, { id: meetingId }, office);
      expect(meeting.data!.meeting.status).toBe('HELD');
      expect(meeting.data!.meeting.guests).toEqual([{ id: 'personalrat-kreis' }]);
      expect(meeting.data!.meeting.attendance.map((entry) => entry.person.id).sort()).toEqual([
        'bm-herten',
        'dezernent-datteln',
        'dezernent-recklinghausen',
        'fb-leitung',
      ]);
      expect(meeting.data!.meeting.agenda.map((item) => item.resolution.status)).toEqual([
        'VOTING',
        'VOTING',
      ]);
    });

    const resolutionIds = async () => {
      const meeting = await graphql<{ meeting: { agenda: { resolution: { id: string } }[] } }>(
        url,
        MEETING,
        { id: meetingId },
        office,
      );
      return meeting.data!.meeting.agenda.map((item) => item.resolution.id);
    };
    const voteCount = async () =>
      (await governance.dataSource.query('SELECT count(*)::int AS n FROM vote'))[0].n;

    it('adopts by consensus and publishes the staffing key on its topic', async () => {
      const [staffingKeyResolution] = await resolutionIds();
      const reader = await readTopic(topics.resolutionAdopted.name, brokers);
      try {
        const voters = ['fb-leitung', 'dezernent-datteln', 'bm-herten', 'dezernent-recklinghausen'];
        let last: { status: string } | undefined;
        for (const voter of voters) {
          const response = await graphql<{ castVote: { status: string } }>(
            url,
            VOTE,
            { id: staffingKeyResolution, vote: 'AGREE' },
            await as('board_member', voter),
          );
          expect(response.errors).toBeUndefined();
          last = response.data!.castVote;
        }
        expect(last!.status).toBe('ADOPTED_BY_CONSENSUS');
        const [event] = await reader.waitFor((m) => m.key === staffingKeyResolution);
        expect(event!.value).toMatchObject({
          type: topics.resolutionAdopted.type,
          source: '/jobcenter/governance',
          data: {
            resolutionId: staffingKeyResolution,
            number: expect.stringMatching(/^B-2026-\d{3}$/),
            meetingId,
            submissionId: staffingKey,
            title: 'Personalschlüssel 2027',
            kind: 'STAFFING_KEY',
            adoptedBy: 'CONSENSUS',
            proposal: {
              householdsPerBenefitsPost: 130,
              jobseekersPerIntegrationPost: 150,
              jobseekersUnder25PerIntegrationPost: 75,
            },
          },
        });
      } finally {
        await reader.stop();
      }
    });

    it('refuses bad votes and changes nothing', async () => {
      const [decided, open] = await resolutionIds();
      const before = await voteCount();
      const absent = await graphql(
        url,
        VOTE,
        { id: open, vote: 'AGREE' },
        await as('board_chair', 'landrat'),
      );
      expect(absent.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      const member = await graphql(
        url,
        VOTE,
        { id: open, vote: 'AGREE' },
        await as('board_member', 'dezernent-herten'),
      );
      expect(member.errors?.[0]?.message).toContain('you did not attend with a voting seat');
      const guest = await graphql(
        url,
        VOTE,
        { id: open, vote: 'AGREE' },
        await as('staff_council', 'personalrat-kreis'),
      );
      expect(guest.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      const afterTheVote = await graphql(
        url,
        VOTE,
        { id: decided, vote: 'DISAGREE' },
        await as('board_member', 'fb-leitung'),
      );
      expect(afterTheVote.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      const unknown = await graphql(
        url,
        VOTE,
        { id: 'not-a-resolution', vote: 'AGREE' },
        await as('board_member', 'fb-leitung'),
      );
      expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
      const early = await graphql(
        url,
        DECIDE,
        { id: open, decision: 'ADOPT' },
        await as('board_member', 'fb-leitung'),
      );
      expect(early.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(await voteCount()).toBe(before);
    });

    it('treats 3:1 as dissent; with the chair absent the deputy decides, nobody else', async () => {
      const [, open] = await resolutionIds();
      const votes: [string, string][] = [
        ['fb-leitung', 'AGREE'],
        ['dezernent-datteln', 'DISAGREE'],
        ['bm-herten', 'AGREE'],
        ['dezernent-recklinghausen', 'AGREE'],
      ];
      for (const [index, [voter, vote]] of votes.entries()) {
        const cast = await graphql<{ castVote: { status: string } }>(
          url,
          VOTE,
          { id: open, vote },
          await as('board_member', voter),
        );
        expect(cast.data!.castVote.status).toBe(index < votes.length - 1 ? 'VOTING' : 'DISSENT');
        if (index === 0) {
          // While the vote is open, a second vote of the same seat is refused and changes nothing.
          const twice = await graphql(
            url,
            VOTE,
            { id: open, vote: 'DISAGREE' },
            await as('board_member', voter),
          );
          expect(twice.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
          expect(twice.errors?.[0]?.message).toContain('already voted');
        }
      }

      const pending = await graphql<{
        openDissentDecisions: { id: string; awaitingChairDecision: boolean }[];
      }>(url, '{ openDissentDecisions { id awaitingChairDecision } }', {}, office);
      expect(pending.data!.openDissentDecisions).toEqual([
        { id: open, awaitingChairDecision: true },
      ]);

      const notTheDeputy = await graphql(
        url,
        DECIDE,
        { id: open, decision: 'ADOPT' },
        await as('board_member', 'dezernent-recklinghausen'),
      );
      expect(notTheDeputy.errors?.[0]).toMatchObject({
        message: expect.stringContaining('the chair is absent, so the deputy chair decides'),
        extensions: { code: 'FORBIDDEN', field: 'seatId' },
      });
      const deputy = await graphql<{
        decideDissent: { status: string; decidedBy: { id: string } };
      }>(url, DECIDE, { id: open, decision: 'REJECT' }, await as('board_member', 'fb-leitung'));
      expect(deputy.data!.decideDissent).toEqual({
        status: 'REJECTED_BY_CHAIR',
        decidedBy: { id: 'fb-leitung' },
      });
      const again = await graphql(
        url,
        DECIDE,
        { id: open, decision: 'ADOPT' },
        await as('board_member', 'fb-leitung'),
      );
      expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    });

    it('finds the months without a held board meeting', async () => {
      const gaps = await graphql<{ monthsWithoutBoardMeeting: string[] }>(
        url,
        '{ monthsWithoutBoardMeeting(from: "2026-07", to: "2026-10") }',
        {},
        office,
      );
      expect(gaps.data!.monthsWithoutBoardMeeting).toEqual(['2026-07', '2026-08', '2026-10']);
    });
  });

  /** A board meeting with one submission on the agenda, held with every seat present; its resolution's id. */
  const members = [
    'fb-leitung',
    'dezernent-datteln',
    'dezernent-herten',
    'dezernent-recklinghausen',
  ];
  const all = DEMO_SEATS.map((seat) => ({ seatId: seat.seatId, attendedBy: 'MEMBER' }));
  const meetingWith = async (title: string, kind: string, proposal: unknown) => {
    const meeting = await graphql<{ scheduleMeeting: { id: string } }>(
      url,
      'mutation { scheduleMeeting(body: BOARD, scheduledFor: "2026-11-04T09:00:00Z") { id } }',
      {},
      office,
    );
    const id = meeting.data!.scheduleMeeting.id;
    const submission = await graphql<{ createSubmission: { id: string } }>(
      url,
      'mutation C($input: SubmissionInput!) { createSubmission(input: $input) { id } }',
      {
        input: {
          title,
          kind,
          proposal,
          authorUnit: 'Geschäftsstelle',
          text: 'Vorlage mit ausführlicher Begründung.',
        },
      },
      office,
    );
    await graphql(
      url,
      'mutation M($m: ID!, $s: ID!) { addAgendaItem(meetingId: $m, submissionId: $s) { id } }',
      { m: id, s: submission.data!.createSubmission.id },
      office,
    );
    await graphql(
      url,
      'mutation H($m: ID!, $a: [AttendanceInput!]!) { holdMeeting(meetingId: $m, attendance: $a) { status } }',
      { m: id, a: all },
      office,
    );
    const read = await graphql<{ meeting: { agenda: { resolution: { id: string } }[] } }>(
      url,
      MEETING,
      { id },
      office,
    );
    return read.data!.meeting.agenda[0]!.resolution.id;
  };
  const voteAll = async (resolutionId: string, abstainer: string) => {
    let status = '';
    for (const voter of ['landrat', ...members]) {
      const token =
        voter === 'landrat' ? await as('board_chair', 'landrat') : await as('board_member', voter);
      const response = await graphql<{ castVote: { status: string } }>(
        url,
        VOTE,
        { id: resolutionId, vote: voter === abstainer ? 'ABSTAIN' : 'AGREE' },
        token,
      );
      status = response.data!.castVote.status;
    }
    return status;
  };

  it('changes how abstentions count when the board adopts new rules of procedure', async () => {
    const rules = await meetingWith('Geschäftsordnung, 2. Fassung', 'RULES_OF_PROCEDURE', {
      text: 'Geschäftsordnung des Vorstands, zweite Fassung: Enthaltungen gelten als Dissens.',
      abstentionRule: 'COUNTS_AS_DISSENT',
    });
    expect(await voteAll(rules, 'dezernent-herten')).toBe('ADOPTED_BY_CONSENSUS');
    const current = await graphql<{
      rulesOfProcedure: { version: number; abstentionRule: string; adoptedBy: { id: string } };
    }>(
      url,
      '{ rulesOfProcedure { version abstentionRule adoptedBy { id } } }',
      {},
      await as('reporting', 'report-tool'),
    );
    expect(current.data!.rulesOfProcedure).toEqual({
      version: 2,
      abstentionRule: 'COUNTS_AS_DISSENT',
      adoptedBy: { id: rules },
    });

    const next = await meetingWith('Bericht zur Lage', 'GENERAL', null);
    expect(await voteAll(next, 'dezernent-herten')).toBe('DISSENT');
  });

  it('computes the benchmark from the caseload the districts publish, and follows corrections', async () => {
    const reporter = { reportedBy: 'test' };
    for (const month of ['2024-03', '2025-03']) {
      await districts.reporting.report({
        districtId: 'gladbeck',
        month,
        figures: aCaseload({
          subsistenceBenefits: month === '2024-03' ? 200_000_000 : 210_000_000,
        }),
        ...reporter,
      });
    }
    const city = await tokenFor('city_staff', 'gladbeck');
    const K1 =
      '{ benchmark(month: "2025-03") { districts { district { id } k1 { value rank missingReason } } county { k1 { value districtsCovered } } } }';
    type Answer = {
      benchmark: {
        districts: {
          district: { id: string };
          k1: { value: number | null; rank: number | null; missingReason: string | null };
        }[];
        county: { k1: { value: number; districtsCovered: number } };
      };
    };
    const gladbeckK1 = async () => {
      const response = await graphql<Answer>(url, K1, {}, city);
      return response.data!.benchmark.districts.find((entry) => entry.district.id === 'gladbeck')!
        .k1;
    };
    expect(
      await eventually(
        async () => (await gladbeckK1()).value === 5 && gladbeckK1(),
        'the K1 of Gladbeck',
      ),
    ).toEqual({ value: 5, rank: 1, missingReason: null });
    const response = await graphql<Answer>(url, K1, {}, city);
    expect(
      response.data!.benchmark.districts.find((entry) => entry.district.id === 'marl')!.k1,
    ).toMatchObject({
      value: null,
      missingReason: expect.stringContaining('no reports for 2025-03 and 2024-03'),
    });
    expect(response.data!.benchmark.county.k1).toEqual({ value: 5, districtsCovered: 1 });

    await districts.reporting.correct({
      districtId: 'gladbeck',
      month: '2025-03',
      figures: aCaseload({ subsistenceBenefits: 190_000_000 }),
      reason: 'Doppelbuchung',
      ...reporter,
    });
    expect(
      await eventually(async () => (await gladbeckK1()).value === -5, 'the corrected K1'),
    ).toBe(true);
  });

  it('gives K1-K3 over time: each month as the benchmark of that month, with the county value', async () => {
    const city = await tokenFor('city_staff', 'gladbeck');
    type Month = {
      month: string;
      districts: { district: { id: string }; k1: { value: number | null } }[];
      county: { k1: { value: number | null; districtsCovered: number } };
    };
    const series = await graphql<{ benchmarks: Month[] }>(
      url,
      '{ benchmarks(from: "2025-02", to: "2025-04") { month districts { district { id } k1 { value } } county { k1 { value districtsCovered } } } }',
      {},
      city,
    );
    expect(series.errors).toBeUndefined();
    expect(series.data!.benchmarks.map((entry) => entry.month)).toEqual([
      '2025-02',
      '2025-03',
      '2025-04',
    ]);
    const march = series.data!.benchmarks[1]!;
    // The corrected report of the test before: 190 000 000 against 200 000 000 a year earlier.
    expect(march.districts.find((entry) => entry.district.id === 'gladbeck')!.k1.value).toBe(-5);
    expect(march.county.k1).toEqual({ value: -5, districtsCovered: 1 });
    const single = await graphql<{ benchmark: Month }>(
      url,
      '{ benchmark(month: "2025-03") { month districts { district { id } k1 { value } } county { k1 { value districtsCovered } } } }',
      {},
      city,
    );
    expect(single.data!.benchmark).toEqual(march);
    expect(series.data!.benchmarks[0]!.county.k1.districtsCovered).toBe(0);

    const tooLong = await graphql(
      url,
      '{ benchmarks(from: "2022-01", to: "2025-03") { month } }',
      {},
      city,
    );
    expect(tooLong.errors?.[0]).toMatchObject({
      message: 'at most 36 months at once; 2022-01 to 2025-03 are 39',
      extensions: { code: 'BAD_USER_INPUT', field: 'to' },
    });
    const backwards = await graphql(
      url,
      '{ benchmarks(from: "2025-03", to: "2025-01") { month } }',
      {},
      city,
    );
    expect(backwards.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'to' },
    });
  });

  it('drafts a target agreement, concludes it by resolution and controls its targets', async () => {
    const county = await as('county_staff', 'fachbereich');
    const drafted = await graphql<{ draftTargetAgreement: { id: string; status: string } }>(
      url,
      `
        mutation D($input: TargetAgreementInput!) {
          draftTargetAgreement(input: $input) {
            id
            status
          }
        }
      `,
      {
        input: {
          districtId: 'gladbeck',
          year: 2025,
          houseOfSocialServicesScope: 'Alle Sozialleistungen unter einer Adresse',
          guideScope: 'Lotse für Neuantragstellende',
          targets: [
            { indicator: 'SUBSISTENCE_BENEFITS_CHANGE', targetValue: -6 },
            { indicator: 'INTEGRATION_RATE', targetValue: 18 },
            { indicator: 'GUIDE_STANDARDS', targetValue: 90 },
          ],
        },
      },
      county,
    );
    expect(drafted.data!.draftTargetAgreement.status).toBe('DRAFT');
    const twice = await graphql(
      url,
      `
        mutation {
          draftTargetAgreement(
            input: {
              districtId: "gladbeck"
              year: 2025
              houseOfSocialServicesScope: "abc"
              guideScope: "abc"
              targets: [{ indicator: GUIDE_STANDARDS, targetValue: 50 }]
            }
          ) {
            id
          }
        }
      `,
      {},
      county,
    );
    expect(twice.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', field: 'year' } });

    const resolution = await meetingWith('Zielvereinbarung 2025 Gladbeck', 'TARGET_AGREEMENT', {
      targetAgreementId: drafted.data!.draftTargetAgreement.id,
    });
    expect(await voteAll(resolution, '')).toBe('ADOPTED_BY_CONSENSUS');

    const QUERY =
      '{ district: targetAgreements(year: 2025) { district { id } status concludedBy { id } targets { indicator targetValue actualValue status explanation } } }';
    type Answer = {
      district: {
        district: { id: string };
        status: string;
        concludedBy: { id: string };
        targets: {
          indicator: string;
          actualValue: number | null;
          status: string;
          explanation: string;
        }[];
      }[];
    };
    const gladbeck = await graphql<Answer>(
      url,
      QUERY,
      {},
      await tokenFor('city_staff', 'gladbeck'),
    );
    expect(gladbeck.data!.district).toHaveLength(1);
    const [agreement] = gladbeck.data!.district;
    expect(agreement).toMatchObject({
      district: { id: 'gladbeck' },
      status: 'CONCLUDED',
      concludedBy: null,
    });
    const byIndicator = Object.fromEntries(
      agreement!.targets.map((target) => [target.indicator, target]),
    );
    expect(byIndicator.SUBSISTENCE_BENEFITS_CHANGE).toMatchObject({
      actualValue: -5,
      status: 'AT_RISK',
      explanation: expect.stringContaining('2025-03'),
    });
    expect(byIndicator.INTEGRATION_RATE).toMatchObject({
      actualValue: null,
      status: 'NO_DATA',
      explanation: expect.stringContaining('K2 needs the 12 months'),
    });
    expect(byIndicator.GUIDE_STANDARDS).toMatchObject({ status: 'NO_DATA' });

    const countyView = await graphql<Answer>(url, QUERY, {}, county);
    expect(
      countyView.data!.district.find((entry) => entry.district.id === 'gladbeck')!.concludedBy,
    ).toEqual({ id: resolution });
    const marl = await graphql<Answer>(url, QUERY, {}, await tokenFor('city_staff', 'marl'));
    expect(marl.data!.district).toEqual([]);
  });

  it('lets city staff read the benchmark but not the board’s meetings; no token, no answer', async () => {
    const city = await tokenFor('city_staff', 'marl');
    const meetings = await graphql(url, '{ meetings { id } }', {}, city);
    expect(meetings.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const anonymous = await graphql(url, '{ resolutions { id } }');
    expect(anonymous.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const reporting = await graphql<{ resolutions: unknown[] }>(
      url,
      '{ resolutions { number status } }',
      {},
      await tokenFor('reporting'),
    );
    expect(reporting.errors).toBeUndefined();
    expect(reporting.data!.resolutions.length).toBeGreaterThanOrEqual(4);
  });
});
