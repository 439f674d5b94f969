import { DemoProgress, DemoSeedingStopped, waitUntil } from '@jobcenter/subgraph-server';
import type { GovernanceServices } from './application';
import type { DataSource } from 'typeorm';
import type { Logger } from '@jobcenter/logger';
import { CITY_IDS } from '@jobcenter/auth';
import type { Person } from './domain/board';
import { DistrictsRepository } from './repositories/districts.repository';
import { MeetingsRepository } from './repositories/meetings.repository';
import type { Vote } from './domain/decision';
import type { SubmissionKind } from '@jobcenter/events';

/**
 * Demo board and a year of its work. The people are invented (their offices are real: the
 * Landrat chairs, the head of the Fachbereich deputises, three Sozialdezernenten represent the
 * small, medium and large cities, mayors substitute). See docs/demo-data.md.
 */
export const DEMO_PEOPLE: Person[] = [
  { id: 'landrat', name: 'Dr. Hanna Berger (Landrätin)', office: 'LANDRAT', cityId: null },
  {
    id: 'fb-leitung',
    name: 'Markus Wendt (Leiter Fachbereich Jobcenter)',
    office: 'HEAD_OF_DEPARTMENT',
    cityId: null,
  },
  {
    id: 'dezernent-datteln',
    name: 'Sabine Krüger (Sozialdezernentin Datteln)',
    office: 'SOCIAL_DEZERNENT',
    cityId: 'datteln',
  },
  {
    id: 'bm-datteln',
    name: 'Thomas Albers (Bürgermeister Datteln)',
    office: 'MAYOR',
    cityId: 'datteln',
  },
  {
    id: 'dezernent-herten',
    name: 'Yusuf Demir (Sozialdezernent Herten)',
    office: 'SOCIAL_DEZERNENT',
    cityId: 'herten',
  },
  {
    id: 'bm-herten',
    name: 'Claudia Neumann (Bürgermeisterin Herten)',
    office: 'MAYOR',
    cityId: 'herten',
  },
  {
    id: 'dezernent-recklinghausen',
    name: 'Jens Hoffmann (Sozialdezernent Recklinghausen)',
    office: 'SOCIAL_DEZERNENT',
    cityId: 'recklinghausen',
  },
  {
    id: 'bm-recklinghausen',
    name: 'Petra Schulte (Bürgermeisterin Recklinghausen)',
    office: 'MAYOR',
    cityId: 'recklinghausen',
  },
  {
    id: 'personalrat-kreis',
    name: 'Andrea Vogel (Personalrat Kreis)',
    office: 'STAFF_COUNCIL_REPRESENTATIVE',
    cityId: null,
  },
];

export const DEMO_SEATS = [
  {
    seatId: 'chair',
    role: 'CHAIR' as const,
    sizeGroup: null,
    memberId: 'landrat',
    substituteId: null,
  },
  {
    seatId: 'deputy-chair',
    role: 'DEPUTY_CHAIR' as const,
    sizeGroup: null,
    memberId: 'fb-leitung',
    substituteId: null,
  },
  {
    seatId: 'small-cities',
    role: 'CITY_REPRESENTATIVE' as const,
    sizeGroup: 'SMALL' as const,
    memberId: 'dezernent-datteln',
    substituteId: 'bm-datteln',
  },
  {
    seatId: 'medium-cities',
    role: 'CITY_REPRESENTATIVE' as const,
    sizeGroup: 'MEDIUM' as const,
    memberId: 'dezernent-herten',
    substituteId: 'bm-herten',
  },
  {
    seatId: 'large-cities',
    role: 'CITY_REPRESENTATIVE' as const,
    sizeGroup: 'LARGE' as const,
    memberId: 'dezernent-recklinghausen',
    substituteId: 'bm-recklinghausen',
  },
];

interface DemoItem {
  title: string;
  kind: SubmissionKind;
  proposal: unknown;
  /** Votes by seat; a seat left out attended by its substitute, who agrees. */
  votes: Partial<Record<string, Vote>>;
  chairDecision?: 'ADOPT' | 'REJECT';
}

const agree = {
  chair: 'AGREE',
  'deputy-chair': 'AGREE',
  'small-cities': 'AGREE',
  'medium-cities': 'AGREE',
  'large-cities': 'AGREE',
} as const;

/**
 * The id of the budget service's demo allocation proposal of a fiscal year: the budget demo
 * creates its proposal under this id, and the board adopts it here (services/budget demo data).
 */
export const demoAllocationProposalId = (fiscalYear: number) =>
  `a110ca7e-0000-4000-8000-${String(fiscalYear).padStart(12, '0')}`;

/** What the board dealt with, month by month (oldest first); the last month's dissent stays open. */
function itemsOfMonth(index: number, year: number, fiscalYear: number): DemoItem[] {
  const items: DemoItem[] = [
    {
      title: `Controllingbericht Monat ${index + 1}`,
      kind: 'GENERAL',
      proposal: null,
      votes: agree,
    },
  ];
  if (index === 0) {
    items.push({
      title: 'Personalschlüssel für Leistungs- und Integrationssachbearbeitung',
      kind: 'STAFFING_KEY',
      proposal: {
        householdsPerBenefitsPost: 140,
        jobseekersPerIntegrationPost: 150,
        jobseekersUnder25PerIntegrationPost: 75,
        validFrom: `${year}-01-01`,
      },
      votes: agree,
    });
  }
  if (index === 1) {
    items.push({
      title: `Aufteilung der Eingliederungsmittel ${fiscalYear} in zentral und dezentral bewirtschaftete Mittel`,
      kind: 'POOL_SPLIT',
      proposal: {
        fiscalYear,
        decentralShareBasisPoints: 6000,
        criteria:
          'Dezentral: Maßnahmen der Bezirksstellen nach Bedarfsindikatoren je Sozialraum; zentral: kreisweite Programme und Ausschreibungen',
      },
      votes: { ...agree, 'large-cities': 'ABSTAIN' },
    });
  }
  if (index === 2) {
    items.push({
      title: `Verteilung der dezentralen Eingliederungsmittel ${fiscalYear} nach Sozialraum`,
      kind: 'FUNDS_ALLOCATION',
      proposal: { allocationProposalId: demoAllocationProposalId(fiscalYear) },
      votes: agree,
    });
    items.push({
      title: 'Regionale Wahrnehmung des Ermittlungsdienstes',
      kind: 'REGIONAL_TASK',
      proposal: {
        task: 'Ermittlungsdienst',
        rationale: 'Einheitliche Praxis in allen zehn Bezirksstellen.',
      },
      votes: { ...agree, 'small-cities': 'DISAGREE' },
      chairDecision: 'ADOPT',
    });
  }
  if (index === 8) {
    items.push({
      title: 'Standards für das Haus der sozialen Leistungen und die Lotsenfunktion',
      kind: 'SERVICE_STANDARDS',
      proposal: {
        houseOfSocialServices: ['Eine Anlaufstelle für alle Sozialleistungen'],
        guide: ['Lotse begleitet bis zur zuständigen Stelle'],
      },
      votes: { ...agree, 'medium-cities': 'DISAGREE', 'large-cities': 'DISAGREE' },
      chairDecision: 'REJECT',
    });
  }
  if (index === 11) {
    items.push({
      title: 'Verlängerung der Öffnungszeiten der Bezirksstellen',
      kind: 'GENERAL',
      proposal: null,
      votes: { ...agree, 'small-cities': 'DISAGREE' },
    });
  }
  return items;
}

/**
 * Seeds the demo board and twelve monthly meetings. It waits (bounded) for all ten districts to
 * have arrived as events, then works in recorded steps (`DemoProgress`): when it was cut short
 * (the service stopped, the wait timed out, a step failed), the next start resumes after the last
 * finished step. A database with meetings from before steps were recorded is left alone.
 */
export async function seedDemoGovernance(
  services: GovernanceServices,
  dataSource: DataSource,
  logger: Logger,
  options: { signal: AbortSignal; today?: Date; timeoutMs?: number },
): Promise<void> {
  const today = options.today ?? new Date();
  const timeoutMs = options.timeoutMs ?? 120_000;
  const progress = await DemoProgress.open(dataSource, options.signal);
  if (progress.has(COMPLETE)) return;
  if ((await new MeetingsRepository(dataSource.manager).count()) > 0 && progress.finished === 0) {
    await progress.markDone([COMPLETE]);
    return;
  }
  // The board's seats need the size groups of the representatives' cities, and the year's target
  // agreements every district office: all ten must have arrived.
  const cities: readonly string[] = CITY_IDS;
  const missing = async () => {
    const arrived = new Set(await new DistrictsRepository(dataSource.manager).arrived(cities));
    return cities.filter((city) => !arrived.has(city));
  };
  const before = await missing();
  if (before.length > 0) {
    logger.info(
      { missing: before, timeoutMs },
      `demo data waits for ${before.length} of the ten districts to arrive (districts.district-changed.v1)`,
    );
  }
  const arrived = await waitUntil(async () => (await missing()).length === 0, {
    signal: options.signal,
    timeoutMs,
  });
  if (!arrived) {
    if (!options.signal.aborted)
      logger.warn(
        { missing: await missing() },
        `demo board not seeded: districts missing after ${timeoutMs / 1000} s; it resumes on the next start`,
      );
    return;
  }
  const resumedAt = progress.finished;
  try {
    await seedBoardAndMeetings(services, progress, today);
  } catch (error) {
    if (error instanceof DemoSeedingStopped) {
      logger.info({ steps: progress.finished }, error.message);
      return;
    }
    logger.error(
      { err: error, steps: progress.finished },
      'demo board cut short by an error; it resumes after its last finished step on the next start',
    );
    return;
  }
  await progress.markDone([COMPLETE]);
  logger.info(
    { steps: progress.finished, resumedAfterStep: resumedAt || undefined },
    resumedAt > 0
      ? 'resumed and finished the demo board and twelve monthly meetings'
      : 'seeded the demo board and twelve monthly meetings',
  );
}

const COMPLETE = 'governance-demo-complete';

async function seedBoardAndMeetings(
  services: GovernanceServices,
  progress: DemoProgress,
  today: Date,
): Promise<void> {
  await progress.step('board', async () => {
    await services.board.savePeople(DEMO_PEOPLE);
    await services.board.setSeats(DEMO_SEATS);
    await services.board.setSteeringCommittee([
      'fb-leitung',
      'dezernent-datteln',
      'dezernent-herten',
      'dezernent-recklinghausen',
    ]);
    return null;
  });
  const memberOf = new Map(DEMO_SEATS.map((seat) => [seat.seatId, seat.memberId]));
  for (let index = 0; index < 12; index += 1) {
    const month = `month-${index}`;
    const date = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 12 + index, 10, 9, 0),
    );
    const meetingId = await progress.step(
      `${month}:meeting`,
      async () => (await services.meetings.schedule('BOARD', date)).id,
    );
    const items = itemsOfMonth(index, date.getUTCFullYear(), today.getUTCFullYear());
    if (index === 1) {
      // The year's target agreements with every city, concluded together.
      for (const districtId of CITY_IDS) {
        const agreementId = await progress.step(
          `${month}:target-agreement-${districtId}`,
          async () =>
            (
              await services.targetAgreements.draft({
                districtId,
                year: today.getUTCFullYear(),
                houseOfSocialServicesScope:
                  'Alle Sozialleistungen der Stadt unter einer Adresse, Terminvergabe binnen 5 Werktagen',
                guideScope: 'Lotse für Neuantragstellende und Menschen in besonderen Lebenslagen',
                targets: [
                  { indicator: 'INTEGRATION_RATE', targetValue: 18 },
                  { indicator: 'LONG_TERM_RECIPIENTS_CHANGE', targetValue: -3 },
                  { indicator: 'HOUSE_OF_SOCIAL_SERVICES_STANDARDS', targetValue: 90 },
                ],
              })
            ).id,
        );
        items.push({
          title: `Zielvereinbarung ${today.getUTCFullYear()} ${districtId}`,
          kind: 'TARGET_AGREEMENT',
          proposal: { targetAgreementId: agreementId },
          votes: agree,
        });
      }
    }
    for (const [position, item] of items.entries()) {
      const submissionId = await progress.step(
        `${month}:item-${position}:submission`,
        async () =>
          (
            await services.submissions.create(
              {
                title: item.title,
                text: `${item.title}. Vorlage der Geschäftsstelle des Vorstands.`,
                authorUnit: 'Fachbereich Jobcenter',
                kind: item.kind,
                proposal: item.proposal,
              },
              'demo-data',
            )
          ).id,
      );
      await progress.step(`${month}:item-${position}:agenda`, async () => {
        await services.meetings.addAgendaItem(meetingId, submissionId);
        return null;
      });
    }
    if (index % 4 === 0)
      await progress.step(`${month}:staff-council-invited`, async () => {
        await services.staffCouncil.invite(
          meetingId,
          'personalrat-kreis',
          'Personalangelegenheiten',
          false,
        );
        return null;
      });
    if (index % 3 === 2) {
      await progress.step(`${month}:staff-council-consulted`, async () => {
        await services.staffCouncil.recordConsultation(
          {
            consultedOn: date.toISOString().slice(0, 10),
            topic: 'Personalausstattung der Bezirksstellen',
            outcome: 'Einvernehmen',
          },
          'landrat',
        );
        return null;
      });
    }
    // In every third meeting the Bürgermeisterin of Herten stands in for the medium cities' representative.
    const substituteFor = index % 3 === 1 ? 'medium-cities' : null;
    await progress.step(`${month}:held`, async () => {
      await services.meetings.hold(
        meetingId,
        DEMO_SEATS.map((seat) => ({
          seatId: seat.seatId,
          attendedBy: seat.seatId === substituteFor ? 'SUBSTITUTE' : 'MEMBER',
        })),
        index % 4 === 0 ? ['personalrat-kreis'] : [],
        date,
      );
      return null;
    });
    const resolutions = await services.resolutions.ofMeetings([meetingId]);
    for (const [position, item] of items.entries()) {
      const resolution = resolutions[position]!;
      for (const seat of DEMO_SEATS) {
        const voter =
          seat.seatId === substituteFor ? seat.substituteId! : memberOf.get(seat.seatId)!;
        await progress.step(`${month}:item-${position}:vote-${seat.seatId}`, async () => {
          await services.resolutions.vote(resolution.id, voter, item.votes[seat.seatId] ?? 'AGREE');
          return null;
        });
      }
      if (item.chairDecision) {
        const decision = item.chairDecision;
        await progress.step(`${month}:item-${position}:decided`, async () => {
          await services.resolutions.decide(resolution.id, 'landrat', decision);
          return null;
        });
      }
    }
  }
}
