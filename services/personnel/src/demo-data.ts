import { createHash, randomUUID } from 'node:crypto';
import { CITY_IDS, DEPARTMENT_ID, type CityId } from '@jobcenter/auth';
import type { Logger } from '@jobcenter/logger';
import { DemoProgress } from '@jobcenter/subgraph-server';
import type { DataSource, EntityManager } from 'typeorm';
import type { PersonnelServices } from './application';
import { systemWrite } from './application/records';
import { CENTRAL_TASKS, unitCode, type Employer, type StaffFunction } from './domain/functions';
import {
  AdvertisementsRepository,
  type AdvertisementRecord,
} from './repositories/advertisements.repository';
import { EmployeesRepository, type NewEmployee } from './repositories/employees.repository';
import { PostsRepository, type PostRecord } from './repositories/posts.repository';

/**
 * Demo staff of the ten Bezirksstellen and the Fachbereich (docs/demo-data.md). Casework posts
 * follow each city's share of the county's caseload (the same shares as the districts' demo
 * caseload: population times SGB II rate; county about 34,400 benefit households and 47,700
 * eligible jobseekers) at the statutory ratios (1:140 households, 1:75 under 25, 1:150 from 25),
 * staffed at 88 to 102 % so that the gaps differ. The Fachbereich has Kreis staff for every
 * central task. Names are invented from common German first and last names.
 */
const CITY_WEIGHTS: Record<string, number> = {
  'castrop-rauxel': 73_126 * 15.3,
  datteln: 35_200 * 15.0,
  dorsten: 76_842 * 11.3,
  gladbeck: 75_889 * 18.0,
  'haltern-am-see': 38_033 * 5.9,
  herten: 62_204 * 16.4,
  marl: 85_001 * 16.3,
  'oer-erkenschwick': 31_838 * 14.5,
  recklinghausen: 111_734 * 16.8,
  waltrop: 29_586 * 10.2,
};

const FIRST = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elif',
  'Frank',
  'Greta',
  'Hakan',
  'Ines',
  'Jonas',
  'Katrin',
  'Lukas',
  'Maria',
  'Niklas',
  'Olga',
  'Paul',
  'Rabia',
  'Stefan',
  'Tanja',
  'Uwe',
];
const LAST = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Yilmaz',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
];

/** A repeatable number in [0, 1) per key, so the demo is the same on every machine. */
const hash01 = (key: string) =>
  createHash('sha1').update(key).digest().readUInt32BE(0) / 0x1_0000_0000;

interface DemoPerson {
  employer: Employer;
  workplace: string;
  function: StaffFunction;
  fteMilli: number;
  filled: boolean;
  advertised?: boolean;
}

/** A unit the demo staffs: the Fachbereich or a city's Bezirksstelle. */
type DemoUnitId = typeof DEPARTMENT_ID | CityId;

/** The people and posts of one unit. */
function demoUnit(unitId: DemoUnitId): DemoPerson[] {
  const people: DemoPerson[] = [];
  const add = (count: number, base: Omit<DemoPerson, 'fteMilli' | 'filled'>) => {
    for (let i = 0; i < count; i += 1) {
      const roll = hash01(`${unitId}|${base.function}|${i}`);
      people.push({ ...base, fteMilli: roll < 0.2 ? 500 : roll < 0.3 ? 750 : 1000, filled: true });
    }
  };
  if (unitId === DEPARTMENT_ID) {
    people.push({
      employer: 'KREIS',
      workplace: unitId,
      function: 'LEADERSHIP',
      fteMilli: 1000,
      filled: true,
    });
    for (const task of CENTRAL_TASKS.filter((t) => t !== 'REGIONAL_TASK')) {
      add(3 + Math.floor(hash01(`fb|${task}`) * 10), {
        employer: 'KREIS',
        workplace: unitId,
        function: task,
      });
    }
    return people;
  }
  const total = Object.values(CITY_WEIGHTS).reduce((sum, w) => sum + w, 0);
  const share = CITY_WEIGHTS[unitId]! / total;
  const staffed = 0.88 + 0.14 * hash01(`${unitId}|staffed`);
  // Posts are 0.875 FTE on average (see `add`), so the count is the FTE needed / 0.875.
  const benefits = Math.round(((34_400 * share) / 140 / 0.875) * staffed);
  const elb = 47_700 * share;
  const integration = Math.round((((elb * 0.21) / 75 + (elb * 0.79) / 150) / 0.875) * staffed);
  people.push({
    employer: unitId,
    workplace: unitId,
    function: 'LEADERSHIP',
    fteMilli: 1000,
    // One head's post is vacant and advertised: its appointment awaits the board's consultation.
    filled: unitId !== 'datteln',
    advertised: unitId === 'datteln',
  });
  // A few posts are held by Kreis staff (before the cities took them over) and some are vacant.
  const kreisShare = Math.floor(benefits * 0.05);
  add(benefits - kreisShare, {
    employer: unitId,
    workplace: unitId,
    function: 'BENEFITS_CASEWORK',
  });
  add(kreisShare, { employer: 'KREIS', workplace: unitId, function: 'BENEFITS_CASEWORK' });
  // In Herten a Kreis post has fallen vacant: the demo refills it by the city (fluctuation).
  if (unitId === 'herten') people.at(-1)!.filled = false;
  add(integration, { employer: unitId, workplace: unitId, function: 'INTEGRATION_CASEWORK' });
  // Kreis staff of the employer service sit at a workplace in the Bezirksstelle (l.42-43).
  add(2, { employer: 'KREIS', workplace: unitId, function: 'EMPLOYER_SERVICE' });
  for (const fn of ['BENEFITS_CASEWORK', 'INTEGRATION_CASEWORK'] as const) {
    for (const advertised of [false, true]) {
      people.push({
        employer: unitId,
        workplace: unitId,
        function: fn,
        fteMilli: 1000,
        filled: false,
        advertised,
      });
    }
  }
  return people;
}

async function insertUnit(manager: EntityManager, unitId: DemoUnitId, startYear: number) {
  const people = demoUnit(unitId);
  const code = unitCode(unitId);
  const staff = {
    employees: [] as NewEmployee[],
    posts: [] as Omit<PostRecord, 'pendingAppointment'>[],
    advertisements: [] as AdvertisementRecord[],
  };
  people.forEach((person, index) => {
    const postId = randomUUID();
    let holderId: string | null = null;
    if (person.filled) {
      holderId = randomUUID();
      const name = `${FIRST[Math.floor(hash01(`${unitId}${index}f`) * FIRST.length)]} ${
        LAST[Math.floor(hash01(`${unitId}${index}l`) * LAST.length)]
      }`;
      const started = startYear - Math.floor(hash01(`${unitId}${index}s`) * 20);
      staff.employees.push({
        id: holderId,
        personnelNumber: `${person.employer === 'KREIS' ? 'K' : code}-${code}-${String(index + 1).padStart(4, '0')}`,
        name,
        employer: person.employer,
        workplace: person.workplace,
        function: person.function,
        fteMilli: person.fteMilli,
        startDate: `${started}-0${1 + Math.floor(hash01(`${unitId}${index}m`) * 9)}-01`,
      });
    }
    staff.posts.push({
      id: postId,
      reference: `ST-${code}-${String(index + 1).padStart(4, '0')}`,
      unitId,
      function: person.function,
      fteMilli: person.fteMilli,
      employerSide: person.employer === 'KREIS' ? 'KREIS' : 'CITY',
      status: person.filled ? 'FILLED' : person.advertised ? 'ADVERTISED' : 'VACANT',
      holderId,
    });
    if (person.advertised) {
      staff.advertisements.push({
        id: randomUUID(),
        postId,
        scope: 'COUNTY_WIDE',
        publishedOn: `${startYear}-10-01`,
        closesOn: `${startYear}-12-31`,
      });
    }
  });
  // One statement per table (none for a table without rows).
  await new EmployeesRepository(manager).insertMany(staff.employees);
  await new PostsRepository(manager).insertMany(staff.posts);
  await new AdvertisementsRepository(manager).insertMany(staff.advertisements, 'demo-data');
  return staff.employees.length;
}

/**
 * Seeds the demo staff once (when there are no employees), then, through the use cases, a
 * transfer by fluctuation, an open voluntary transfer and the proposed appointment of the head
 * of the Bezirksstelle Datteln, which governance turns into a submission to the board. Each in a
 * recorded step (`DemoProgress`): cut short, the next start resumes after the last one done.
 */
export async function seedDemoPersonnel(
  services: PersonnelServices,
  dataSource: DataSource,
  logger: Logger,
  today = new Date(),
): Promise<void> {
  // In recorded steps: the staff in one transaction with its record, then each use case once.
  const progress = await DemoProgress.open(dataSource, new AbortController().signal);
  const complete = 'personnel-demo-complete';
  if (progress.has(complete)) return;
  if ((await new EmployeesRepository(dataSource.manager).any()) && progress.finished === 0) {
    await progress.markDone([complete]);
    return;
  }
  const year = today.getUTCFullYear();
  const seeded = await progress.stepInTransaction('staff', async (manager) => {
    let count = 0;
    for (const unitId of [DEPARTMENT_ID, ...CITY_IDS] as const)
      count += await insertUnit(manager, unitId, year);
    return count;
  });

  await progress.step('transfer-by-fluctuation', async () => {
    const byFluctuation = (await services.posts.ofUnits(['herten'])).find(
      (p) => p.status === 'VACANT' && p.employerSide === 'KREIS',
    );
    if (byFluctuation) {
      await services.transfers.byFluctuation(
        byFluctuation.id,
        'Stelle durch Ruhestand frei geworden; Nachbesetzung durch die Stadt Herten',
        'demo-data',
      );
    }
    return null;
  });
  await progress.step('voluntary-transfer', async () => {
    const [kreisCaseworker] = await services.employees.list({
      workplaces: ['marl'],
      employer: 'KREIS',
      function: 'BENEFITS_CASEWORK',
    });
    if (kreisCaseworker) {
      await services.transfers.proposeVoluntary(
        {
          employeeId: kreisCaseworker.id,
          to: 'marl',
          reason: 'Wunsch der Beschäftigten, Wechsel zur Stadt Marl',
        },
        'demo-data',
      );
    }
    return null;
  });
  const candidateId = await progress.step(
    'datteln-head-hired',
    async () =>
      (
        await services.employees.hire(
          {
            personnelNumber: 'DATTEL-LEIT-01',
            name: 'Sabine Kortmann',
            employer: 'datteln',
            workplace: 'datteln',
            function: 'LEADERSHIP',
            fte: 1,
            startDate: `${year}-01-01`,
          },
          systemWrite,
        )
      ).id,
  );
  await progress.step('datteln-head-proposed', async () => {
    const [headPost] = (await services.posts.ofUnits(['datteln'])).filter(
      (p) => p.function === 'LEADERSHIP' && p.status !== 'FILLED',
    );
    if (headPost) {
      await services.appointments.propose(
        { postId: headPost.id, candidateId },
        systemWrite,
        'demo-data',
      );
    }
    return null;
  });
  await progress.markDone([complete]);
  logger.info({ employees: seeded + 1 }, 'seeded the demo staff');
}
