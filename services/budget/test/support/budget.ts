import { CITY_IDS } from '@jobcenter/auth';
import type { ProposalOf } from '@jobcenter/events';
import { createLogger } from '@jobcenter/logger';
import {
  aCaseloadReport,
  anAdoptedResolution,
  createTestDatabase,
  eventProducer,
  testKafkaBrokers,
  uniqueId,
} from '@jobcenter/testing';
import { loadBudgetConfig } from '../../src/config';
import { startBudgetService, type BudgetService } from '../../src/service';

/** A budget service on its own fresh database and consumer group. */
export async function startTestBudget(
  options: { brokers?: string[]; env?: Record<string, string> } = {},
): Promise<BudgetService> {
  const config = loadBudgetConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: await createTestDatabase('budget'),
    KAFKA_BROKERS: (options.brokers ?? testKafkaBrokers()).join(','),
    OUTBOX_POLL_INTERVAL_MS: '50',
    CONSUMER_GROUP: uniqueId('budget-test'),
    ...options.env,
  });
  return startBudgetService(
    config,
    createLogger('budget-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
}

type AdoptedKind = 'POOL_SPLIT' | 'FUNDS_ALLOCATION' | 'STAFFING_KEY';

/** Publishes events as other services would (CloudEvents, keyed like theirs). */
export async function eventPublisher(brokers: string[]) {
  const producer = await eventProducer(brokers);
  /** An adopted resolution of the board of `kind`, with its proposal; its id and its event's. */
  const adopted = async <K extends AdoptedKind>(
    kind: K,
    proposal: ProposalOf<K>,
    adoptedAt = new Date(),
  ): Promise<{ resolutionId: string; eventId: string }> => {
    const resolution = anAdoptedResolution(kind, proposal, {
      adoptedAt: adoptedAt.toISOString(),
    });
    const event = await producer.publish('resolutionAdopted', resolution.resolutionId, resolution);
    return { resolutionId: resolution.resolutionId, eventId: event.id };
  };
  return {
    adopted,
    /** An adopted resolution of the board of `kind`, with its proposal; the resolution's id. */
    adopt: async <K extends AdoptedKind>(
      kind: K,
      proposal: ProposalOf<K>,
      adoptedAt = new Date(),
    ): Promise<string> => (await adopted(kind, proposal, adoptedAt)).resolutionId,
    async caseload(
      districtId: string,
      month: string,
      figures: {
        eligibleJobseekers: number;
        longTermRecipients: number;
        eligibleJobseekersUnder25: number;
        benefitHouseholds: number;
      },
      version = 1,
    ): Promise<void> {
      await producer.publish(
        'caseloadReported',
        districtId,
        aCaseloadReport(districtId, month, {
          version,
          integrations: 80,
          subsistenceBenefitsCents: 250_000_000,
          ...figures,
        }),
      );
    },
    stop: () => producer.stop(),
  };
}

/**
 * Caseload of the county's order (published county figures: about 47,700 eligible jobseekers in 2021), shaped by
 * each city's size and its share of SGB II recipients around 2014.
 */
export const demoLikeCaseload = (districtId: string) => {
  const shares: Record<string, [number, number]> = {
    recklinghausen: [111_734, 168],
    marl: [85_001, 163],
    dorsten: [76_842, 113],
    gladbeck: [75_889, 180],
    'castrop-rauxel': [73_126, 153],
    herten: [62_204, 164],
    'haltern-am-see': [38_033, 59],
    datteln: [35_200, 150],
    'oer-erkenschwick': [31_838, 145],
    waltrop: [29_586, 102],
  };
  const [inhabitants, permille] = shares[districtId]!;
  const eligibleJobseekers = Math.round((inhabitants * permille * 0.55) / 1000);
  return {
    eligibleJobseekers,
    longTermRecipients: Math.round(eligibleJobseekers * (0.55 + (permille % 7) / 100)),
    eligibleJobseekersUnder25: Math.round(eligibleJobseekers * 0.2),
    benefitHouseholds: Math.round(eligibleJobseekers * 0.72),
  };
};

export const TEN = [...CITY_IDS];

export { eventually, ownKafkaBroker } from '@jobcenter/testing';

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF), for asserting the CSV report. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += char;
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header!.map((name, n) => [name, cells[n] ?? ''])));
}
