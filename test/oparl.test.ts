import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { graphql, ownKafkaBroker, publishEvent, tokenFor } from '@jobcenter/testing';
import type { DistrictsService } from '../services/districts/src/service';
import { startTestDistricts } from '../services/districts/test/support/districts';
import type { GovernanceService } from '../services/governance/src/service';
import { eventually, startTestGovernance } from '../services/governance/test/support/governance';
import { startTestGateway } from './support/gateway';
import { oparlErrors, oparlValidators } from './support/oparl-schema';

/**
 * The OParl 1.1 API through the gateway over governance's demo year, on a broker of the suite's
 * own: every object valid against the specification's JSON Schema, complete walks from System,
 * what is not public, incremental sync by `modified_since`, soft deletion and bad requests.
 */
const broker = ownKafkaBroker('oparl');
const validators = oparlValidators();

type OparlObject = Record<string, unknown> & { id: string; type: string; modified: string };
interface OparlList {
  data: OparlObject[];
  pagination: { totalElements: number; elementsPerPage: number };
  links: { first: string; self: string; next?: string };
}

/**
 * The API's public base, as a deployment behind a public host name has it (the schema's `url`
 * format refuses loopback addresses); requests to it go to the gateway of the test.
 */
const base = 'https://ratsinfo.jobcenter.example/oparl/v1';

const LIST_TYPES = [
  'organization',
  'person',
  'meeting',
  'paper',
  'agendaItem',
  'consultation',
  'file',
  'membership',
  'legislativeTermList',
] as const;

describe('OParl 1.1 at the gateway', () => {
  let districts: DistrictsService;
  let governance: GovernanceService;
  let gateway: RunningGateway;
  let board: string;
  let office: string;
  let transferReportId: string;
  let leadershipPaperId: string;

  let gatewayOparl: string;
  const request = (url: string, init: RequestInit = {}) =>
    fetch(url.startsWith(base) ? `${gatewayOparl}${url.slice(base.length)}` : url, init);
  const get = async (url: string, token?: string) => {
    const answer = await request(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };
  const getObject = async (url: string, token?: string) => {
    const { status, body } = await get(url, token);
    expect({ url, status }).toEqual({ url, status: 200 });
    expect(oparlErrors(validators, body)).toEqual([]);
    return body as OparlObject;
  };
  /** Every page of a list by `links.next`; each object validated. */
  const walk = async (url: string, token?: string, between?: (page: number) => Promise<void>) => {
    const objects: OparlObject[] = [];
    let next: string | undefined = url;
    for (let page = 0; next; page += 1) {
      const { status, body } = await get(next, token);
      expect({ next, status }).toEqual({ next, status: 200 });
      const list = body as unknown as OparlList;
      expect(list.links.self).toBe(next);
      for (const object of list.data) expect(oparlErrors(validators, object)).toEqual([]);
      objects.push(...list.data);
      next = list.links.next;
      if (next) await between?.(page);
    }
    return objects;
  };
  /** System → Body → each of its lists, page by page (3 per page). */
  const walkFromSystem = async (token?: string) => {
    const system = await getObject(`${base}/system`, token);
    const bodies = await walk(String(system.body), token);
    expect(bodies).toHaveLength(1);
    const body = await getObject(bodies[0]!.id, token);
    const lists: Record<string, OparlObject[]> = {};
    for (const list of LIST_TYPES) lists[list] = await walk(`${String(body[list])}?limit=3`, token);
    return { system, body, lists };
  };
  const ids = (objects: OparlObject[]) => objects.map((object) => object.id);

  beforeAll(async () => {
    broker.start();
    const brokers = broker.brokers();
    districts = await startTestDistricts({ brokers });
    governance = await startTestGovernance({
      brokers,
      env: { SEED_DEMO_DATA: 'true', OPARL_BASE_URL: base },
    });
    const urls = { SUBGRAPH_GOVERNANCE_URL: governance.url, SUBGRAPH_DISTRICTS_URL: districts.url };
    gateway = await startTestGateway(subgraphDefinitions(urls), {
      ...urls,
      KAFKA_BROKERS: brokers.join(','),
      RESPONSE_CACHE: 'off',
    });
    gatewayOparl = gateway.url.replace(/\/graphql$/, '/oparl/v1');
    board = await tokenFor('board_member', undefined, 'dezernent-herten');
    office = await tokenFor('board_office', undefined, 'geschaeftsstelle');
    const query = async (sql: string) => (await governance.dataSource.query(sql))[0];
    await eventually(
      async () =>
        (await query(`SELECT count(*)::int AS n FROM meeting WHERE status = 'HELD'`)).n === 12 &&
        (await query(`SELECT count(*)::int AS n FROM resolution WHERE status = 'VOTING'`)).n ===
          0 &&
        (await query(`SELECT count(*)::int AS n FROM resolution WHERE status = 'DISSENT'`)).n === 1,
      'the demo year of the board',
      120_000,
    );
    // Personnel matters, as personnel's events bring them: a transfer group's report and a
    // leadership appointment to consult on; the report is put on the next meeting's agenda.
    const reportId = randomUUID();
    await publishEvent(
      'transferGroupReportSubmitted',
      reportId,
      {
        reportId,
        title: 'Überleitungen im ersten Halbjahr',
        text: 'Drei Beschäftigte der Stadt Marl wechseln in den Fachbereich Jobcenter.',
        transferCount: 3,
        submittedAt: new Date().toISOString(),
      },
      brokers,
    );
    const appointmentId = randomUUID();
    await publishEvent(
      'appointmentProposed',
      appointmentId,
      {
        appointmentId,
        position: 'HEAD_OF_DISTRICT_OFFICE',
        districtId: 'marl',
        postId: randomUUID(),
        proposedAt: new Date().toISOString(),
      },
      brokers,
    );
    const personnelMatters = await eventually(async () => {
      const rows: { id: string; kind: string; public: boolean }[] =
        await governance.dataSource.query(
          `SELECT id, kind, public FROM submission WHERE author_unit IN ('Überleitungsgruppe', 'Personal')`,
        );
      return rows.length === 2 ? rows : null;
    }, 'the submissions of the transfer group’s report and the appointment');
    expect(personnelMatters!.every((row) => row.public === false)).toBe(true);
    transferReportId = personnelMatters!.find((row) => row.kind === 'GENERAL')!.id;
    leadershipPaperId = personnelMatters!.find((row) => row.kind !== 'GENERAL')!.id;
    const meeting = await graphql<{ scheduleMeeting: { id: string } }>(
      gateway.url,
      'mutation { scheduleMeeting(body: BOARD, scheduledFor: "2030-01-10T09:00:00Z") { id } }',
      {},
      office,
    );
    const item = await graphql(
      gateway.url,
      'mutation A($m: ID!, $s: ID!) { addAgendaItem(meetingId: $m, submissionId: $s) { id } }',
      { m: meeting.data!.scheduleMeeting.id, s: transferReportId },
      office,
    );
    expect(item.errors).toBeUndefined();
  }, 240_000);
  afterAll(async () => {
    await gateway?.stop();
    await governance?.stop();
    await districts?.stop();
    broker.stop();
  });

  it('reaches every meeting and paper exactly once from System, every object valid against OParl 1.1', async () => {
    const counts = async (sql: string) =>
      (await governance.dataSource.query(sql)) as { id: string }[];
    const allMeetings = await counts('SELECT id FROM meeting');
    const allPapers = await counts('SELECT id FROM submission');
    const publicPapers = await counts('SELECT id FROM submission WHERE public');

    for (const [token, papers] of [
      [board, allPapers],
      [undefined, publicPapers],
    ] as const) {
      const { system, lists } = await walkFromSystem(token);
      expect(system.oparlVersion).toBe('https://schema.oparl.org/1.1/');
      for (const objects of Object.values(lists))
        expect(new Set(ids(objects)).size).toBe(objects.length);
      expect(ids(lists.meeting!).sort()).toEqual(
        allMeetings.map((row) => `${base}/meeting/${row.id}`).sort(),
      );
      expect(ids(lists.paper!).sort()).toEqual(
        papers.map((row) => `${base}/paper/${row.id}`).sort(),
      );
      // The object at its URL is the one in the list; embedded objects are valid too.
      for (const object of Object.values(lists).flat())
        expect(await getObject(object.id, token)).toEqual(object);
      const file = lists.file![0]!;
      const content = await request(String(file.accessUrl), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(await content.text()).toBe(file.text);
      const figures = Object.entries(lists).map(([list, objects]) => `${list} ${objects.length}`);
      console.log(`OParl objects, ${token ? 'board token' : 'anonymous'}: ${figures.join(', ')}`);
    }
  });

  it('leaves personnel matters and the staff council out for anonymous callers and shows them to the board', async () => {
    const report = `${base}/paper/${transferReportId}`;
    const leadership = `${base}/paper/${leadershipPaperId}`;
    for (const paper of [report, leadership]) {
      expect((await get(paper)).status).toBe(404);
      expect((await getObject(paper, board)).name).toBeDefined();
    }
    // A reporting token is not the board's: it reads what the public reads.
    expect((await get(report, await tokenFor('reporting'))).status).toBe(404);

    const anonymous = await walkFromSystem();
    const internal = await walkFromSystem(board);
    const text = JSON.stringify(anonymous);
    for (const secret of [
      transferReportId,
      leadershipPaperId,
      'Überleitung',
      'Benehmen',
      'personalrat',
    ])
      expect(text).not.toContain(secret);
    const hidden = internal.lists.agendaItem!.filter((item) => item.public === false);
    expect(hidden.length).toBeGreaterThan(0);
    expect(anonymous.lists.agendaItem!.every((item) => item.public === true)).toBe(true);
    // The staff council's guest takes part only in the board's view of the meetings.
    expect(ids(internal.lists.person!)).toContain(`${base}/person/personalrat-kreis`);
    expect(
      internal.lists.meeting!.some((meeting) =>
        (meeting.participant as string[]).includes(`${base}/person/personalrat-kreis`),
      ),
    ).toBe(true);
    const scheduled = internal.lists.meeting!.find(
      (meeting) => meeting.meetingState === 'terminiert',
    )!;
    expect((scheduled.agendaItem as OparlObject[]).map((item) => item.public)).toEqual([false]);
    expect((await getObject(scheduled.id)).agendaItem).toEqual([]);
  });

  it('gives GraphQL’s meetings, submissions and resolutions their OParl URLs', async () => {
    const answer = await graphql<{
      meetings: { oparlUrl: string; resolutions: { oparlUrl: string }[] }[];
      submissions: { oparlUrl: string; public: boolean }[];
    }>(
      gateway.url,
      '{ meetings { oparlUrl resolutions { oparlUrl } } submissions { oparlUrl public } }',
      {},
      board,
    );
    expect(answer.errors).toBeUndefined();
    const meeting = answer.data!.meetings[0]!;
    expect((await getObject(meeting.oparlUrl)).id).toBe(meeting.oparlUrl);
    const item = await getObject(meeting.resolutions[0]!.oparlUrl);
    expect(item.type).toBe('https://schema.oparl.org/1.1/AgendaItem');
    expect(item.result).toBeDefined();
    const paper = answer.data!.submissions.find((submission) => submission.public)!;
    expect((await getObject(paper.oparlUrl)).id).toBe(paper.oparlUrl);
  });

  it('lists with modified_since only what a new resolution changed', async () => {
    const before = await walkFromSystem(board);
    const lastModified = Object.values(before.lists)
      .flat()
      .map((object) => object.modified)
      .sort()
      .at(-1)!;
    // Just after the last change the walk saw (the API's times have microseconds).
    const [{ since }] = await governance.dataSource.query(
      `SELECT to_char(($1::timestamptz + interval '1 microsecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS since`,
      [lastModified],
    );
    for (const list of LIST_TYPES)
      expect(
        await walk(
          `${String(before.body[list])}?modified_since=${encodeURIComponent(since)}`,
          board,
        ),
      ).toEqual([]);

    const [dissent] = await governance.dataSource.query(
      `SELECT r.id, a.id AS agenda_item_id, a.meeting_id FROM resolution r JOIN agenda_item a ON a.id = r.agenda_item_id WHERE r.status = 'DISSENT'`,
    );
    const decided = await graphql(
      gateway.url,
      'mutation D($id: ID!) { decideDissent(resolutionId: $id, decision: ADOPT) { status } }',
      { id: dissent.id },
      await tokenFor('board_chair', undefined, 'landrat'),
    );
    expect(decided.errors).toBeUndefined();

    const changed: Record<string, string[]> = {};
    for (const list of LIST_TYPES) {
      const url = `${String(before.body[list])}?modified_since=${encodeURIComponent(since)}&omit_internal=true&limit=1`;
      changed[list] = ids(await walk(url, board));
    }
    expect(changed).toEqual({
      organization: [],
      person: [],
      meeting: [`${base}/meeting/${dissent.meeting_id}`],
      paper: [],
      agendaItem: [`${base}/agendaItem/${dissent.agenda_item_id}`],
      consultation: [],
      file: [],
      membership: [],
      legislativeTermList: [],
    });
    const item = await getObject(`${base}/agendaItem/${dissent.agenda_item_id}`);
    expect(item.result).toMatch(/^Bei Dissens vom Vorsitz beschlossen/);
    expect(item.modified > since).toBe(true);
  });

  it('misses nothing in a walk while objects change, nor at a page boundary between equal modified times', async () => {
    const people = await walk(`${base}/person?limit=2`, board);
    // The demo's people came in one refresh: pages end between objects of the same time.
    expect(new Set(people.map((person) => person.modified)).size).toBeLessThan(people.length);

    let renamed = '';
    const seen = await walk(`${base}/person?limit=2`, board, async (page) => {
      if (page !== 0) return;
      const [first] = (await get(`${base}/person?limit=1`, board)).body.data as OparlObject[];
      renamed = decodeURIComponent(first!.id.split('/').at(-1)!);
      const [person] = await governance.dataSource.query(
        'SELECT id, name, office, city_id AS "cityId" FROM person WHERE id = $1',
        [renamed],
      );
      const saved = await graphql(
        gateway.url,
        'mutation P($people: [PersonInput!]!) { savePeople(people: $people) { id } }',
        { people: [{ ...person, name: `${String(person.name)} (neu)` }] },
        office,
      );
      expect(saved.errors).toBeUndefined();
    });
    expect(new Set(ids(seen))).toEqual(new Set(ids(people)));
    // The person renamed after the first page comes again, with the new name, later in the walk.
    const renamedUrl = `${base}/person/${renamed}`;
    expect(seen.filter((person) => person.id === renamedUrl).at(-1)!.name).toMatch(/\(neu\)$/);
  });

  it('keeps a removed membership as deleted, listed only for modified_since', async () => {
    const since = new Date().toISOString();
    const removed = await graphql(
      gateway.url,
      'mutation { setSteeringCommitteeMembers(personIds: ["fb-leitung", "dezernent-datteln", "dezernent-herten"]) { id } }',
      {},
      office,
    );
    expect(removed.errors).toBeUndefined();
    const url = `${base}/membership/steering-committee-dezernent-recklinghausen`;
    const tombstone = await getObject(url);
    expect(tombstone).toMatchObject({ id: url, deleted: true });
    expect(Object.keys(tombstone).sort()).toEqual(['created', 'deleted', 'id', 'modified', 'type']);
    expect(ids(await walk(`${base}/membership`))).not.toContain(url);
    const changes = await walk(`${base}/membership?modified_since=${encodeURIComponent(since)}`);
    expect(changes.find((membership) => membership.id === url)).toEqual(tombstone);
    const steering = await getObject(`${base}/organization/steering-committee`);
    expect(steering.membership).not.toContain(url);
  });

  it('answers malformed ids and parameters with 400 and a message naming what is wrong', async () => {
    const bad: [string, RegExp][] = [
      ['/meeting/%C0', /percent-encoded/],
      ['/meeting/%00', /control characters/],
      ['/person/%00', /control characters/],
      ['/meeting/not-a-uuid', /UUID/],
      ['/meeting?limit=abc', /limit must be a whole number/],
      ['/meeting?limit=0', /limit/],
      ['/meeting?limit=2.5', /limit/],
      ['/meeting?limit=%C0', /percent-encoded/],
      ['/meeting?limit=1&limit=2', /given twice/],
      ['/meeting?modified_since=yesterday', /modified_since must be a date-time/],
      ['/meeting?created_since=2026-02-30T00:00:00Z', /created_since must be a date-time/],
      ['/meeting?modified_until=2026-01-01', /modified_until/],
      ['/meeting?modified_since=2026-01-01T00:00:00%2B20:00', /modified_since must be a date-time/],
      ['/meeting?created_since=0000-01-01T00:00:00Z', /created_since must be a date-time/],
      ['/meeting?cursor=garbage', /cursor/],
      [
        `/meeting?cursor=${Buffer.from(JSON.stringify(['2026-02-30T00:00:00.000000Z', 'x'])).toString('base64url')}`,
        /cursor/,
      ],
      ['/meeting?page=2', /Unknown query parameter "page"/],
      ['/system?limit=3', /Unknown query parameter "limit"/],
    ];
    for (const [path, message] of bad) {
      const { status, body } = await get(`${base}${path}`);
      expect({ path, status, message: body.message, type: body.type }).toEqual({
        path,
        status: 400,
        message: expect.stringMatching(message),
        type: 'https://schema.oparl.org/1.1/Error',
      });
    }
    // A path climbing out of /oparl/v1, sent as it is (fetch would resolve the dots itself).
    const climbing = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const target = new URL(gatewayOparl);
      http
        .get(
          {
            host: target.hostname,
            port: target.port,
            path: `${target.pathname}/meeting/%2e%2e/%2e%2e/ready`,
          },
          (answer) => {
            let body = '';
            answer.on('data', (chunk) => (body += chunk));
            answer.on('end', () => resolve({ status: answer.statusCode!, body }));
          },
        )
        .on('error', reject);
    });
    expect(climbing.status).toBe(400);
    expect(JSON.parse(climbing.body)).toMatchObject({
      message: expect.stringMatching(/"\." or "\.\." segments/),
    });
    expect((await get(`${base}/meeting/${randomUUID()}`)).status).toBe(404);
    expect((await get(`${base}/nothing`)).status).toBe(404);
    expect((await get(`${base}/meeting`, 'not-a-token')).status).toBe(401);
    const post = await request(`${base}/meeting`, { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
