import { waitUntil } from '@jobcenter/subgraph-server';
import type { GovernanceServices } from './application';
import type { DataSource } from 'typeorm';
import type { Logger } from '@jobcenter/logger';
import { CITY_IDS } from '@jobcenter/auth';
import type { Person } from './domain/board';
import type { Vote } from './domain/decision';
import type { SubmissionKind } from './domain/submissions';

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

/** Seeds the demo board and twelve monthly meetings, once (when there are no meetings yet). */
export async function seedDemoGovernance(
  services: GovernanceServices,
  dataSource: DataSource,
  logger: Logger,
  options: { signal: AbortSignal; today?: Date },
): Promise<void> {
  const today = options.today ?? new Date();
  const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM meeting');
  if (n > 0) return;
  // The board's seats need the size groups of the representatives' cities, and the year's target
  // agreements every district office: all ten must have arrived.
  const cities: readonly string[] = CITY_IDS;
  logger.info('demo data waits for the districts’ size groups (districts.district-changed.v1)');
  const arrived = await waitUntil(
    async () =>
      (
        await dataSource.query('SELECT count(*)::int AS n FROM district_copy WHERE id = ANY($1)', [
          cities,
        ])
      )[0].n === cities.length,
    { signal: options.signal, timeoutMs: 120_000 },
  );
  if (!arrived) {
    if (!options.signal.aborted)
      logger.warn(
        'no size groups from the districts service after 2 minutes; demo board not seeded',
      );
    return;
  }
  await services.board.savePeople(DEMO_PEOPLE);
  await services.board.setSeats(DEMO_SEATS);
  await services.board.setSteeringCommittee([
    'fb-leitung',
    'dezernent-datteln',
    'dezernent-herten',
    'dezernent-recklinghausen',
  ]);
  const memberOf = new Map(DEMO_SEATS.map((seat) => [seat.seatId, seat.memberId]));
  for (let index = 0; index < 12; index += 1) {
    const date = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 12 + index, 10, 9, 0),
    );
    const meeting = await services.meetings.schedule('BOARD', date);
    const items = itemsOfMonth(index, date.getUTCFullYear(), today.getUTCFullYear());
    if (index === 1) {
      // The year's target agreements with every city, concluded together.
      for (const districtId of CITY_IDS) {
        const agreement = await services.targetAgreements.draft({
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
        });
        items.push({
          title: `Zielvereinbarung ${today.getUTCFullYear()} ${districtId}`,
          kind: 'TARGET_AGREEMENT',
          proposal: { targetAgreementId: agreement.id },
          votes: agree,
        });
      }
    }
    for (const item of items) {
      const submission = await services.submissions.create(
        {
          title: item.title,
          text: `${item.title}. Vorlage der Geschäftsstelle des Vorstands.`,
          authorUnit: 'Fachbereich Jobcenter',
          kind: item.kind,
          proposal: item.proposal,
        },
        'demo-data',
      );
      await services.meetings.addAgendaItem(meeting.id, submission.id);
    }
    if (index % 4 === 0)
      await services.staffCouncil.invite(
        meeting.id,
        'personalrat-kreis',
        'Personalangelegenheiten',
        false,
      );
    if (index % 3 === 2) {
      await services.staffCouncil.recordConsultation(
        {
          consultedOn: date.toISOString().slice(0, 10),
          topic: 'Personalausstattung der Bezirksstellen',
          outcome: 'Einvernehmen',
        },
        'landrat',
      );
    }
    // In every third meeting the Bürgermeisterin of Herten stands in for the medium cities' representative.
    const substituteFor = index % 3 === 1 ? 'medium-cities' : null;
    await services.meetings.hold(
      meeting.id,
      DEMO_SEATS.map((seat) => ({
        seatId: seat.seatId,
        attendedBy: seat.seatId === substituteFor ? 'SUBSTITUTE' : 'MEMBER',
      })),
      index % 4 === 0 ? ['personalrat-kreis'] : [],
      date,
    );
    const resolutions = await services.resolutions.ofMeetings([meeting.id]);
    for (const [position, item] of items.entries()) {
      const resolution = resolutions[position]!;
      for (const seat of DEMO_SEATS) {
        const voter =
          seat.seatId === substituteFor ? seat.substituteId! : memberOf.get(seat.seatId)!;
        await services.resolutions.vote(resolution.id, voter, item.votes[seat.seatId] ?? 'AGREE');
      }
      if (item.chairDecision)
        await services.resolutions.decide(resolution.id, 'landrat', item.chairDecision);
    }
  }
  logger.info('seeded the demo board and twelve monthly meetings');
}
