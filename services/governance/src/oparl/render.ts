import { createHash } from 'node:crypto';
import type { Office, SeatRole, SizeGroup } from '../domain/board';
import type { ResolutionStatus } from '../domain/decision';
import type { SubmissionKind } from '@jobcenter/events';
import { personIsPublic } from '../domain/publicity';
import { typeUrl, type OparlPath, type OparlUrls } from './urls';

/** Who reads: anybody (the public) or the county and the board (docs/oparl.md). */
export type Audience = 'public' | 'internal';
export const AUDIENCES: readonly Audience[] = ['public', 'internal'];

export type OparlBody = Record<string, unknown>;

/** One object as an audience sees it, before its `created` and `modified` are added. */
export interface RenderedObject {
  path: OparlPath;
  id: string;
  body: OparlBody;
  /** When the thing it shows came about, where governance knows it. */
  created: Date | null;
}

export const BODY_ID = 'jobcenter-kreis-recklinghausen';

/**
 * The board's terms follow the municipal elections of North Rhine-Westphalia, in which the
 * Landrat and the councils that name the cities' officials are elected; a term begins on
 * 1 November of the election year.
 */
const LEGISLATIVE_TERMS = [
  { id: 'kommunalwahlperiode-2020-2025', startDate: '2020-11-01', endDate: '2025-10-31' },
  { id: 'kommunalwahlperiode-2025-2030', startDate: '2025-11-01', endDate: '2030-10-31' },
];

const ORGANIZATIONS = {
  board: {
    name: 'Vorstand des Jobcenters Kreis Recklinghausen',
    shortName: 'Vorstand',
    classification: 'Vorstand',
  },
  'steering-committee': {
    name: 'Lenkungsausschuss des Jobcenters Kreis Recklinghausen',
    shortName: 'Lenkungsausschuss',
    classification: 'Ausschuss',
  },
} as const;

/** The cities of a size group name one representative together: they sit on its behalf. */
const CITY_GROUPS: Record<SizeGroup, { id: string; name: string }> = {
  SMALL: { id: 'cities-small', name: 'Kleinere Städte' },
  MEDIUM: { id: 'cities-medium', name: 'Mittlere Städte' },
  LARGE: { id: 'cities-large', name: 'Größere Städte' },
};

const SEAT_ROLES: Record<SeatRole, string> = {
  CHAIR: 'Vorsitz',
  DEPUTY_CHAIR: 'Stellvertretender Vorsitz',
  CITY_REPRESENTATIVE: 'Vertretung der Städte',
};

const OFFICES: Record<Office, string> = {
  LANDRAT: 'Landrat',
  HEAD_OF_DEPARTMENT: 'Leitung Fachbereich Jobcenter',
  SOCIAL_DEZERNENT: 'Sozialdezernat',
  MAYOR: 'Bürgermeisteramt',
  STAFF_COUNCIL_REPRESENTATIVE: 'Personalrat',
  OTHER: 'Sonstige',
};

const PAPER_TYPES: Record<SubmissionKind, string> = {
  STAFFING_KEY: 'Beschlussvorlage Personalschlüssel',
  FUNDS_ALLOCATION: 'Beschlussvorlage Verteilung der Eingliederungsmittel',
  POOL_SPLIT: 'Beschlussvorlage zentral und dezentral bewirtschaftete Mittel',
  LEADERSHIP_CONSULTATION: 'Vorlage Benehmen bei Führungsbesetzung',
  REGIONAL_TASK: 'Beschlussvorlage regional wahrgenommene Aufgabe',
  SERVICE_STANDARDS: 'Beschlussvorlage Standards Haus der sozialen Leistungen und Lotse',
  TARGET_AGREEMENT: 'Beschlussvorlage Zielvereinbarung',
  RULES_OF_PROCEDURE: 'Beschlussvorlage Geschäftsordnung',
  GENERAL: 'Vorlage',
};

const RESULTS: Record<ResolutionStatus, string> = {
  VOTING: 'In Abstimmung',
  DISSENT: 'Dissens: die Entscheidung des Vorsitzes steht aus',
  ADOPTED_BY_CONSENSUS: 'Im Konsens beschlossen',
  ADOPTED_BY_CHAIR: 'Bei Dissens vom Vorsitz beschlossen',
  REJECTED_BY_CHAIR: 'Bei Dissens vom Vorsitz abgelehnt',
};

/** What the OParl objects are rendered from: governance's tables, read at one moment. */
export interface Snapshot {
  people: { id: string; name: string; office: Office }[];
  seats: {
    id: string;
    role: SeatRole;
    size_group: SizeGroup | null;
    member_id: string;
    substitute_id: string | null;
  }[];
  steering: { person_id: string }[];
  submissions: {
    id: string;
    reference: string;
    title: string;
    text: string;
    kind: SubmissionKind;
    public: boolean;
    created_at: Date;
  }[];
  meetings: {
    id: string;
    body: 'BOARD' | 'STEERING_COMMITTEE';
    scheduled_for: Date;
    status: 'SCHEDULED' | 'HELD' | 'CANCELLED';
    held_at: Date | null;
  }[];
  agenda: { id: string; meeting_id: string; position: number; submission_id: string }[];
  attendance: { meeting_id: string; person_id: string }[];
  guests: { meeting_id: string; person_id: string }[];
  resolutions: {
    agenda_item_id: string;
    number: string;
    status: ResolutionStatus;
    decided_at: Date | null;
  }[];
}

/** `YYYY-MM-DD` of a moment in Recklinghausen. */
const dateInGermany = (date: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(date);
const germanDate = (date: Date) =>
  new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);

const groupBy = <T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
};

/**
 * Every OParl object, for each audience, from one snapshot. The public audience sees public
 * submissions and public officials only; embedded objects are the audience's own, so that an
 * embedding object changes when what it embeds changes.
 */
export function renderAll(snapshot: Snapshot, urls: OparlUrls): Map<Audience, RenderedObject[]> {
  return new Map(AUDIENCES.map((audience) => [audience, renderFor(audience, snapshot, urls)]));
}

function renderFor(audience: Audience, s: Snapshot, urls: OparlUrls): RenderedObject[] {
  const internal = audience === 'internal';
  const objects: RenderedObject[] = [];
  const add = (path: OparlPath, id: string, body: OparlBody, created: Date | null = null) => {
    const object = {
      path,
      id,
      body: { id: urls.of(path, id), type: typeUrl(path), ...body },
      created,
    };
    objects.push(object);
    return object.body;
  };
  const bodyUrl = urls.of('body', BODY_ID);
  const boardUrl = urls.of('organization', 'board');
  const steeringUrl = urls.of('organization', 'steering-committee');

  // Memberships: the board's seats (members and substitutes) and the steering committee.
  const seated = new Set<string>([
    ...s.seats.flatMap((seat) => [
      seat.member_id,
      ...(seat.substitute_id ? [seat.substitute_id] : []),
    ]),
    ...s.steering.map((row) => row.person_id),
    ...s.attendance.map((row) => row.person_id),
  ]);
  const people = new Map(s.people.map((person) => [person.id, person]));
  const visiblePerson = (id: string) => {
    const person = people.get(id);
    return Boolean(person && (internal || personIsPublic(person.office, seated.has(id))));
  };
  const memberships: { id: string; personId: string; organization: string; body: OparlBody }[] = [];
  for (const seat of s.seats) {
    const group = seat.size_group ? CITY_GROUPS[seat.size_group] : null;
    const onBehalfOf = group ? { onBehalfOf: urls.of('organization', group.id) } : {};
    const role = `${SEAT_ROLES[seat.role]}${group ? ` (${group.name})` : ''}`;
    memberships.push({
      id: `board-${seat.id}-${seat.member_id}`,
      personId: seat.member_id,
      organization: boardUrl,
      body: { role, votingRight: true, ...onBehalfOf },
    });
    if (seat.substitute_id) {
      const member = people.get(seat.member_id)?.name ?? seat.member_id;
      memberships.push({
        id: `board-${seat.id}-substitute-${seat.substitute_id}`,
        personId: seat.substitute_id,
        organization: boardUrl,
        // The substitute votes in the member's place when standing in.
        body: { role: `Stellvertretung für ${member}: ${role}`, votingRight: true, ...onBehalfOf },
      });
    }
  }
  for (const { person_id: personId } of s.steering) {
    memberships.push({
      id: `steering-committee-${personId}`,
      personId,
      organization: steeringUrl,
      body: { role: 'Mitglied', votingRight: true },
    });
  }
  const membershipBodies = new Map<string, OparlBody>();
  for (const membership of memberships.filter((entry) => visiblePerson(entry.personId))) {
    membershipBodies.set(
      membership.id,
      add('membership', membership.id, {
        person: urls.of('person', membership.personId),
        organization: membership.organization,
        ...membership.body,
      }),
    );
  }
  const visibleMemberships = memberships.filter((entry) => membershipBodies.has(entry.id));

  for (const term of LEGISLATIVE_TERMS) {
    add('legislativeTerm', term.id, {
      body: bodyUrl,
      name: `Kommunalwahlperiode ${term.startDate.slice(0, 4)}–${term.endDate.slice(0, 4)}`,
      startDate: term.startDate,
      endDate: term.endDate,
    });
  }

  for (const [id, organization] of Object.entries(ORGANIZATIONS)) {
    add('organization', id, {
      body: bodyUrl,
      ...organization,
      organizationType: 'Gremium',
      membership: visibleMemberships
        .filter((entry) => entry.organization === urls.of('organization', id))
        .map((entry) => urls.of('membership', entry.id)),
    });
  }
  for (const group of Object.values(CITY_GROUPS)) {
    add('organization', group.id, {
      body: bodyUrl,
      name: `${group.name} des Kreises Recklinghausen (Größengruppe)`,
      shortName: group.name,
      organizationType: 'Sonstiges',
      classification: 'Städtegruppe',
      subOrganizationOf: boardUrl,
    });
  }

  const membershipsOf = groupBy(visibleMemberships, (entry) => entry.personId);
  for (const person of s.people.filter((entry) => visiblePerson(entry.id))) {
    add('person', person.id, {
      body: bodyUrl,
      name: person.name,
      status: [OFFICES[person.office]],
      membership: (membershipsOf.get(person.id) ?? []).map((entry) =>
        membershipBodies.get(entry.id),
      ),
    });
  }

  // Papers (submissions), their files and consultations (their places on agendas).
  const submissions = new Map(s.submissions.map((row) => [row.id, row]));
  const visibleSubmission = (id: string) => internal || submissions.get(id)?.public === true;
  const meetings = new Map(s.meetings.map((row) => [row.id, row]));
  const resolutions = new Map(s.resolutions.map((row) => [row.agenda_item_id, row]));
  const consultations = new Map<string, OparlBody>();
  for (const item of s.agenda.filter((entry) => visibleSubmission(entry.submission_id))) {
    const meeting = meetings.get(item.meeting_id)!;
    const decides = meeting.body === 'BOARD';
    consultations.set(
      item.id,
      add('consultation', item.id, {
        paper: urls.of('paper', item.submission_id),
        agendaItem: urls.of('agendaItem', item.id),
        meeting: urls.of('meeting', item.meeting_id),
        organization: [decides ? boardUrl : steeringUrl],
        authoritative: decides,
        role: decides ? 'Entscheidung' : 'Beratung',
      }),
    );
  }
  const agendaOfSubmission = groupBy(
    s.agenda.filter((entry) => consultations.has(entry.id)),
    (entry) => entry.submission_id,
  );
  for (const submission of s.submissions.filter((row) => visibleSubmission(row.id))) {
    const text = Buffer.from(submission.text, 'utf8');
    const file = add(
      'file',
      submission.id,
      {
        name: `Vorlage ${submission.reference}`,
        fileName: `${submission.reference}.txt`,
        mimeType: 'text/plain',
        date: dateInGermany(submission.created_at),
        size: text.length,
        sha512Checksum: createHash('sha512').update(text).digest('hex'),
        text: submission.text,
        accessUrl: urls.fileContent(submission.id),
        paper: [urls.of('paper', submission.id)],
      },
      submission.created_at,
    );
    add(
      'paper',
      submission.id,
      {
        body: bodyUrl,
        name: submission.title,
        reference: submission.reference,
        date: dateInGermany(submission.created_at),
        paperType: PAPER_TYPES[submission.kind],
        mainFile: file,
        consultation: (agendaOfSubmission.get(submission.id) ?? []).map((entry) =>
          consultations.get(entry.id),
        ),
      },
      submission.created_at,
    );
  }

  // Meetings with their agenda items.
  const agendaOfMeeting = groupBy(
    s.agenda.filter((entry) => consultations.has(entry.id)),
    (entry) => entry.meeting_id,
  );
  const attendanceOf = groupBy(s.attendance, (row) => row.meeting_id);
  const guestsOf = groupBy(s.guests, (row) => row.meeting_id);
  for (const meeting of s.meetings) {
    const organization = meeting.body === 'BOARD' ? 'board' : 'steering-committee';
    const start = meeting.held_at ?? meeting.scheduled_for;
    const items = (agendaOfMeeting.get(meeting.id) ?? []).map((item) => {
      const submission = submissions.get(item.submission_id)!;
      const resolution = resolutions.get(item.id);
      const decided = resolution?.decided_at ? resolution : null;
      return add('agendaItem', item.id, {
        meeting: urls.of('meeting', meeting.id),
        number: String(item.position),
        order: item.position,
        name: submission.title,
        public: submission.public,
        consultation: urls.of('consultation', item.id),
        ...(resolution ? { result: `${RESULTS[resolution.status]} (${resolution.number})` } : {}),
        ...(decided && decided.status !== 'REJECTED_BY_CHAIR'
          ? {
              resolutionText: `Beschluss ${decided.number} (Sitzung vom ${germanDate(start)}): Der Vorstand beschließt die Vorlage ${submission.reference} „${submission.title}“.`,
            }
          : {}),
      });
    });
    const participants = [
      ...(attendanceOf.get(meeting.id) ?? []),
      ...(internal ? (guestsOf.get(meeting.id) ?? []) : []),
    ]
      .map((row) => row.person_id)
      .filter(visiblePerson);
    add('meeting', meeting.id, {
      name: `${ORGANIZATIONS[organization].shortName}: Sitzung am ${germanDate(start)}`,
      meetingState:
        meeting.status === 'HELD'
          ? 'durchgeführt'
          : meeting.status === 'CANCELLED'
            ? 'abgesagt'
            : 'terminiert',
      cancelled: meeting.status === 'CANCELLED',
      start: start.toISOString(),
      organization: [urls.of('organization', organization)],
      participant: [...new Set(participants)].map((id) => urls.of('person', id)),
      agendaItem: items,
    });
  }

  add('body', BODY_ID, {
    system: urls.of('system'),
    name: 'Jobcenter Kreis Recklinghausen',
    shortName: 'Jobcenter Kreis Recklinghausen',
    classification: 'Jobcenter',
    organization: urls.list('organization'),
    person: urls.list('person'),
    meeting: urls.list('meeting'),
    paper: urls.list('paper'),
    agendaItem: urls.list('agendaItem'),
    consultation: urls.list('consultation'),
    file: urls.list('file'),
    membership: urls.list('membership'),
    legislativeTermList: urls.list('legislativeTerm'),
    legislativeTerm: objects
      .filter((object) => object.path === 'legislativeTerm')
      .map((object) => object.body),
  });
  objects.push({
    path: 'system',
    id: 'system',
    body: {
      id: urls.of('system'),
      type: typeUrl('system'),
      oparlVersion: 'https://schema.oparl.org/1.1/',
      name: 'Ratsinformation des Jobcenters Kreis Recklinghausen',
      body: urls.list('body'),
    },
    created: null,
  });
  return objects;
}

/** The hash of what a client sees of an object: `modified` moves when, and only when, it changes. */
export const contentHash = (body: OparlBody) =>
  createHash('sha256').update(JSON.stringify(body)).digest('hex');
