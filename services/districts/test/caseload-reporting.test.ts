import { graphql, readTopic, tokenFor } from '@jobcenter/testing';
import { topics } from '@jobcenter/events';
import { aCaseload, CORRECT, REPORT, startTestDistricts } from './support/districts';
import type { DistrictsService } from '../src/service';

describe('caseload reports through the districts subgraph', () => {
  let districts: DistrictsService;
  let marlStaff: string;
  let countyStaff: string;

  beforeAll(async () => {
    districts = await startTestDistricts();
    marlStaff = await tokenFor('city_staff', 'marl', 'anna.marl');
    countyStaff = await tokenFor('county_staff');
  });
  afterAll(() => districts.stop());

  const reportCount = async () =>
    Number((await districts.dataSource.query('SELECT count(*) AS n FROM caseload_report'))[0].n);

  it('stores a report and publishes it as a CloudEvent keyed by district', async () => {
    const reader = await readTopic(topics.caseloadReported.name);
    try {
      const response = await graphql<{ reportCaseload: Record<string, unknown> }>(
        districts.url,
        REPORT,
        { input: { districtId: 'marl', month: '2025-03', figures: aCaseload() } },
        marlStaff,
      );
      expect(response.errors).toBeUndefined();
      const report = response.data!.reportCaseload;
      expect(report).toMatchObject({
        month: '2025-03',
        version: 1,
        benefitHouseholds: 4210,
        subsistenceBenefits: 261_020_000,
        reportedBy: 'anna.marl',
        district: { id: 'marl', name: 'Bezirksstelle Marl' },
      });

      const stored = await graphql<{ district: { caseloadReport: Record<string, unknown> } }>(
        districts.url,
        `
          {
            district(id: "marl") {
              caseloadReport(month: "2025-03") {
                id
                eligibleJobseekers
                longTermRecipients
              }
            }
          }
        `,
        {},
        countyStaff,
      );
      expect(stored.data!.district.caseloadReport).toEqual({
        id: report.id,
        eligibleJobseekers: 5870,
        longTermRecipients: 3760,
      });

      const [message] = await reader.waitFor(
        (m) => (m.value.data as { reportId?: string })?.reportId === report.id,
      );
      expect(message!.key).toBe('marl');
      expect(message!.headers['content-type']).toContain('application/cloudevents+json');
      expect(message!.value).toMatchObject({
        specversion: '1.0',
        type: topics.caseloadReported.type,
        source: '/jobcenter/districts',
        subject: 'marl',
        datacontenttype: 'application/json',
        data: {
          districtId: 'marl',
          month: '2025-03',
          version: 1,
          correctionOf: null,
          subsistenceBenefitsCents: 261_020_000,
        },
      });
      expect(message!.value.id).toEqual(expect.any(String));
      expect(Date.parse(message!.value.time as string)).not.toBeNaN();
    } finally {
      await reader.stop();
    }
  });

  it('keeps the history when a report is corrected', async () => {
    const input = { districtId: 'herten', month: '2025-04', figures: aCaseload() };
    await graphql(districts.url, REPORT, { input }, countyStaff);
    const corrected = await graphql<{
      correctCaseloadReport: { version: number; history: unknown[] };
    }>(
      districts.url,
      CORRECT,
      {
        input: {
          ...input,
          figures: aCaseload({ integrations: 91 }),
          reason: 'late integrations added',
        },
      },
      countyStaff,
    );
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.correctCaseloadReport).toMatchObject({
      version: 2,
      integrations: 91,
      correctionReason: 'late integrations added',
      history: [
        { version: 1, integrations: 88, correctionReason: null },
        { version: 2, integrations: 91, correctionReason: 'late integrations added' },
      ],
    });
    const latest = await graphql<{ district: { latestCaseloadReport: { version: number } } }>(
      districts.url,
      `
        {
          district(id: "herten") {
            latestCaseloadReport {
              version
              integrations
            }
          }
        }
      `,
      {},
      countyStaff,
    );
    expect(latest.data!.district.latestCaseloadReport).toEqual({ version: 2, integrations: 91 });
  });

  it('refuses to report a month twice, and to correct a month never reported', async () => {
    const input = { districtId: 'marl', month: '2025-05', figures: aCaseload() };
    await graphql(districts.url, REPORT, { input }, marlStaff);
    const before = await reportCount();
    const twice = await graphql(districts.url, REPORT, { input }, marlStaff);
    expect(twice.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', field: 'month' } });
    expect(twice.errors?.[0]?.message).toContain('already reported 2025-05');
    const never = await graphql(
      districts.url,
      CORRECT,
      { input: { ...input, month: '2019-01', reason: 'typo' } },
      marlStaff,
    );
    expect(never.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await reportCount()).toBe(before);
  });

  it('refuses bad figures with BAD_USER_INPUT naming the field, and stores nothing', async () => {
    const before = await reportCount();
    const negative = await graphql(
      districts.url,
      REPORT,
      { input: { districtId: 'marl', month: '2025-06', figures: aCaseload({ integrations: -4 }) } },
      marlStaff,
    );
    expect(negative.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'figures.integrations' },
    });
    const tooMany = await graphql(
      districts.url,
      REPORT,
      {
        input: {
          districtId: 'marl',
          month: '2025-06',
          figures: aCaseload({ eligibleJobseekersUnder25: 9999 }),
        },
      },
      marlStaff,
    );
    expect(tooMany.errors?.[0]?.message).toContain(
      'eligibleJobseekersUnder25 (9999) cannot exceed eligibleJobseekers',
    );
    const future = await graphql(
      districts.url,
      REPORT,
      { input: { districtId: 'marl', month: '2999-01', figures: aCaseload() } },
      marlStaff,
    );
    expect(future.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'month' },
    });
    const badMonth = await graphql(
      districts.url,
      REPORT,
      { input: { districtId: 'marl', month: '2025-13', figures: aCaseload() } },
      marlStaff,
    );
    expect(badMonth.errors?.[0]?.message).toContain('YearMonth must be written YYYY-MM');
    const unknown = await graphql(
      districts.url,
      REPORT,
      { input: { districtId: 'atlantis', month: '2025-06', figures: aCaseload() } },
      countyStaff,
    );
    expect(unknown.errors?.[0]).toMatchObject({
      extensions: { code: 'NOT_FOUND', field: 'districtId' },
    });
    expect(unknown.errors?.[0]?.message).toContain('There is no district office "atlantis"');
    expect(await reportCount()).toBe(before);
  });

  it('lets staff of Marl report only for Marl', async () => {
    const before = await reportCount();
    const response = await graphql(
      districts.url,
      REPORT,
      { input: { districtId: 'herten', month: '2025-07', figures: aCaseload() } },
      marlStaff,
    );
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(response.errors?.[0]?.message).toContain('staff of marl may not write data of herten');
    expect(await reportCount()).toBe(before);
  });

  it('answers UNAUTHENTICATED without a token or with a forged one', async () => {
    const anonymous = await graphql(districts.url, '{ districts { id } }');
    expect(anonymous.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const mutation = await graphql(districts.url, REPORT, {
      input: { districtId: 'marl', month: '2025-08', figures: aCaseload() },
    });
    expect(mutation.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const forged = `${marlStaff.slice(0, -4)}AAAA`;
    const bad = await graphql(districts.url, '{ districts { id } }', {}, forged);
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0]?.message).toContain('The token is not valid');
  });

  it('lets the board office move a district into another size group and announces it', async () => {
    const reader = await readTopic(topics.districtChanged.name);
    try {
      const cityAttempt = await graphql(
        districts.url,
        `
          mutation {
            changeDistrictSizeGroup(districtId: "herten", sizeGroup: LARGE) {
              sizeGroup
            }
          }
        `,
        {},
        marlStaff,
      );
      expect(cityAttempt.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      const office = await tokenFor('board_office');
      const changed = await graphql<{ changeDistrictSizeGroup: { sizeGroup: string } }>(
        districts.url,
        `
          mutation {
            changeDistrictSizeGroup(districtId: "herten", sizeGroup: LARGE) {
              id
              sizeGroup
            }
          }
        `,
        {},
        office,
      );
      expect(changed.data!.changeDistrictSizeGroup).toEqual({ id: 'herten', sizeGroup: 'LARGE' });
      const [event] = await reader.waitFor(
        (m) =>
          m.key === 'herten' &&
          (m.value.data as { sizeGroup?: string } | undefined)?.sizeGroup === 'LARGE',
      );
      expect(event!.value).toMatchObject({
        type: topics.districtChanged.type,
        data: { districtId: 'herten', city: 'Herten', sizeGroup: 'LARGE' },
      });
    } finally {
      await reader.stop();
    }
  });

  it('lists all eleven units: ten district offices and the Fachbereich', async () => {
    const response = await graphql<{ units: { __typename: string; id: string; kind: string }[] }>(
      districts.url,
      `
        {
          units {
            __typename
            id
            kind
          }
        }
      `,
      {},
      marlStaff,
    );
    const units = response.data!.units;
    expect(units).toHaveLength(11);
    expect(units.filter((unit) => unit.__typename === 'District')).toHaveLength(10);
    expect(units[10]).toEqual({
      __typename: 'JobcenterDepartment',
      id: 'fachbereich-jobcenter',
      kind: 'DEPARTMENT',
    });
  });
});
