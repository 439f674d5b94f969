import { createLogger } from '@jobcenter/logger';
import { createTestDatabase, testKafkaBrokers } from '@jobcenter/testing';
import { loadDistrictsConfig } from '../../src/config';
import { startDistrictsService, type DistrictsService } from '../../src/service';
import type { CaseloadFigures } from '../../src/domain/caseload';

/** A districts service on its own fresh database, with the test run's Kafka (or the brokers given). */
export async function startTestDistricts(
  options: { brokers?: string[]; env?: Record<string, string> } = {},
): Promise<DistrictsService> {
  const config = loadDistrictsConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: await createTestDatabase('districts'),
    KAFKA_BROKERS: (options.brokers ?? testKafkaBrokers()).join(','),
    OUTBOX_POLL_INTERVAL_MS: '50',
    ...options.env,
  });
  return startDistrictsService(
    config,
    createLogger('districts-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
}

export const aCaseload = (overrides: Partial<CaseloadFigures> = {}): CaseloadFigures => ({
  benefitHouseholds: 4210,
  eligibleJobseekers: 5870,
  eligibleJobseekersUnder25: 1230,
  longTermRecipients: 3760,
  integrations: 88,
  subsistenceBenefits: 261_020_000,
  ...overrides,
});

export const REPORT = /* GraphQL */ `
  mutation Report($input: ReportCaseloadInput!) {
    reportCaseload(input: $input) {
      id
      month
      version
      benefitHouseholds
      eligibleJobseekers
      subsistenceBenefits
      reportedBy
      district {
        id
        name
      }
    }
  }
`;

export const CORRECT = /* GraphQL */ `
  mutation Correct($input: CorrectCaseloadReportInput!) {
    correctCaseloadReport(input: $input) {
      id
      version
      correctionReason
      integrations
      history {
        version
        integrations
        correctionReason
      }
    }
  }
`;
