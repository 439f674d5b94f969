import { countQueries } from '@jobcenter/db';
import { graphql } from 'graphql';
import type { UnitRegistration } from '../src/domain/units';
import { createLoaders } from '../src/loaders';
import { createSchema } from '../src/schema';
import type { DistrictsService } from '../src/service';
import { aCaseload, startTestDistricts } from './support/districts';

const LIST = /* GraphQL */ `
  {
    districts {
      id
      latestCaseloadReport {
        month
        eligibleJobseekers
        district {
          name
        }
      }
      caseloadReports(from: "2025-01", to: "2025-02") {
        month
      }
    }
  }
`;

const extraDistrict = (n: number): UnitRegistration => ({
  id: `test-district-${n}`,
  kind: 'DISTRICT_OFFICE',
  name: `Test ${n}`,
  city: `Test ${n}`,
  sizeGroup: 'SMALL',
  address: { street: 'Teststraße 1', postalCode: '45000', town: 'Test' },
});

describe('resolvers batch their SQL', () => {
  let districts: DistrictsService;

  beforeAll(async () => {
    districts = await startTestDistricts();
  });
  afterAll(() => districts.stop());

  async function listAll() {
    const schema = createSchema(districts.dataSource);
    const { result, queries } = await countQueries(() =>
      Promise.resolve(
        graphql({
          schema,
          source: LIST,
          contextValue: {
            principal: { subject: 't', roles: ['county_staff'] },
            loaders: createLoaders(districts.dataSource),
            ownership: districts.ownership,
          },
        }),
      ),
    );
    expect(result.errors).toBeUndefined();
    return { districts: (result.data as { districts: unknown[] }).districts, queries };
  }

  it('lists every district with its latest report in the same number of queries, for 10 or 40 districts', async () => {
    for (const id of ['marl', 'herten', 'datteln']) {
      await districts.reporting.report({
        districtId: id,
        month: '2025-01',
        figures: aCaseload(),
        reportedBy: 't',
      });
      await districts.reporting.report({
        districtId: id,
        month: '2025-02',
        figures: aCaseload(),
        reportedBy: 't',
      });
    }
    const ten = await listAll();
    expect(ten.districts).toHaveLength(10);

    await districts.registry.registerMissing(
      Array.from({ length: 30 }, (_, n) => extraDistrict(n)),
    );
    for (let n = 0; n < 30; n += 1) {
      await districts.reporting.report({
        districtId: `test-district-${n}`,
        month: '2025-02',
        figures: aCaseload(),
        reportedBy: 't',
      });
    }
    const forty = await listAll();
    expect(forty.districts).toHaveLength(40);

    expect(ten.queries.length).toBeLessThanOrEqual(4);
    expect(forty.queries.length).toBe(ten.queries.length);
  });
});
