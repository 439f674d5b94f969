import { randomUUID } from 'node:crypto';
import { CITY_IDS } from '@jobcenter/auth';
import { countQueries } from '@jobcenter/db';
import { ownKafkaBroker } from '@jobcenter/testing';
import { graphql } from 'graphql';
import { systemWrite } from '../src/application/records';
import { createLoaders } from '../src/loaders';
import { createSchema } from '../src/schema';
import type { PersonnelService } from '../src/service';
import { startTestPersonnel } from './support/personnel';

const QUERY = /* GraphQL */ `
  query Districts($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on District {
        staff {
          function
          headcount
          fte
        }
        staffingRequirement {
          benefits {
            gapFte
          }
          key {
            resolutionNumber
          }
        }
        posts {
          reference
          holder {
            name
            post {
              reference
            }
          }
          advertisements {
            scope
          }
          pendingAppointment {
            id
          }
        }
        postsConnection(first: 1) {
          totalCount
          nodes {
            reference
            advertisementsConnection {
              totalCount
              nodes {
                scope
              }
            }
          }
        }
      }
    }
  }
`;

interface PostsPage {
  totalCount: number;
  nodes: { advertisementsConnection: { totalCount: number } }[];
}

describe('personnel resolvers batch their SQL', () => {
  let personnel: PersonnelService;
  // A broker of its own: the caseload events of other suites would be copied into this service's
  // tables while the test writes the same districts and months.
  const broker = ownKafkaBroker('personnel-batching');

  beforeAll(async () => {
    personnel = await startTestPersonnel({ brokers: broker.start() });
    // Every district: caseload, a filled and an advertised post.
    await personnel.dataSource.transaction(async (manager) => {
      for (const [index, city] of CITY_IDS.entries()) {
        await personnel.staffing.recordCaseload(manager, {
          districtId: city,
          month: '2026-10',
          version: 1,
          benefitHouseholds: 1000 + index,
          eligibleJobseekers: 1500,
          eligibleJobseekersUnder25: 300,
        });
      }
    });
    for (const city of CITY_IDS) {
      const employee = await personnel.employees.hire(
        {
          personnelNumber: `B-${city}`,
          name: 'Test Person',
          employer: city,
          workplace: city,
          function: 'BENEFITS_CASEWORK',
          fte: 1,
          startDate: '2025-01-01',
        },
        systemWrite,
      );
      const filled = await personnel.posts.create(
        { unitId: city, function: 'BENEFITS_CASEWORK', fte: 1, employerSide: 'CITY' },
        systemWrite,
      );
      await personnel.posts.advertise(
        {
          postId: filled.id,
          scope: 'COUNTY_WIDE',
          publishedOn: '2026-10-01',
          closesOn: '2026-10-31',
        },
        systemWrite,
        'test',
      );
      await personnel.posts.fill(filled.id, employee.id, systemWrite);
      const open = await personnel.posts.create(
        { unitId: city, function: 'INTEGRATION_CASEWORK', fte: 1, employerSide: 'CITY' },
        systemWrite,
      );
      await personnel.posts.advertise(
        {
          postId: open.id,
          scope: 'COUNTY_WIDE',
          publishedOn: '2026-11-01',
          closesOn: '2026-11-30',
        },
        systemWrite,
        'test',
      );
    }
  });
  afterAll(async () => {
    await personnel.stop();
    broker.stop();
  });

  async function statementsFor(districtIds: readonly string[]) {
    const { result, queries } = await countQueries(() =>
      Promise.resolve(
        graphql({
          schema: createSchema(),
          source: QUERY,
          variableValues: {
            representations: districtIds.map((id) => ({ __typename: 'District', id })),
          },
          contextValue: {
            principal: { subject: 't', roles: ['county_hr'] },
            requestId: randomUUID(),
            ...personnel,
            loaders: createLoaders(personnel),
          },
        }),
      ),
    );
    expect(result.errors).toBeUndefined();
    const rows = (result.data as { _entities: { posts: unknown[] }[] })._entities;
    expect(rows).toHaveLength(districtIds.length);
    expect(rows.every((row) => row.posts.length === 2)).toBe(true);
    expect(
      (result.data as { _entities: { postsConnection: PostsPage }[] })._entities.map(
        ({ postsConnection }) => [postsConnection.totalCount, postsConnection.nodes.length],
      ),
    ).toEqual(districtIds.map(() => [2, 1]));
    return queries.length;
  }

  it('sends as many statements for ten districts as for two', async () => {
    const two = await statementsFor(CITY_IDS.slice(0, 2));
    const ten = await statementsFor(CITY_IDS);
    expect(ten).toBe(two);
    expect(ten).toBeLessThanOrEqual(12);
  });
});
