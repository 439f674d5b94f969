import { CITY_IDS, DEPARTMENT_ID } from '@jobcenter/auth';
import { topics } from '@jobcenter/events';
import { createTestDatabase, readTopic, uniqueId } from '@jobcenter/testing';
import { CENTRAL_TASKS } from '../src/domain/functions';
import { startTestPersonnel } from './support/personnel';

describe('personnel demo data', () => {
  it('staffs the ten Bezirksstellen and the Fachbereich once, with a pending appointment', async () => {
    const env = {
      DATABASE_URL: await createTestDatabase('personnel_demo'),
      CONSUMER_GROUP: uniqueId('personnel-demo'),
      SEED_DEMO_DATA: 'true',
    };
    let personnel = await startTestPersonnel({ env });
    const reader = await readTopic(topics.appointmentProposed.name);
    try {
      const byUnit: { workplace: string; function: string; employer: string; n: number }[] =
        await personnel.dataSource.query(
          'SELECT workplace, function, employer, count(*)::int AS n FROM employee GROUP BY 1, 2, 3',
        );
      const count = (filter: (row: (typeof byUnit)[number]) => boolean) =>
        byUnit.filter(filter).reduce((sum, row) => sum + row.n, 0);
      // Of the order of the county's need at the statutory ratios (about 246 + 385 FTE of casework).
      const casework = count((r) => r.function.endsWith('_CASEWORK'));
      expect(casework).toBeGreaterThan(600);
      expect(casework).toBeLessThan(800);
      for (const city of CITY_IDS) {
        expect(
          count((r) => r.workplace === city && r.function === 'BENEFITS_CASEWORK'),
        ).toBeGreaterThan(5);
        expect(
          count((r) => r.workplace === city && r.function === 'INTEGRATION_CASEWORK'),
        ).toBeGreaterThan(5);
        // Casework in the Bezirksstelle is mostly the city's own staff (docs/rules.md#rule-7).
        expect(count((r) => r.workplace === city && r.employer === city)).toBeGreaterThan(
          count((r) => r.workplace === city && r.employer === 'KREIS'),
        );
      }
      for (const task of CENTRAL_TASKS.filter((t) => t !== 'REGIONAL_TASK')) {
        expect(
          count(
            (r) => r.workplace === DEPARTMENT_ID && r.function === task && r.employer === 'KREIS',
          ),
        ).toBeGreaterThan(0);
      }
      // Central tasks only by Kreis staff (rule 8).
      expect(
        count(
          (r) =>
            r.function !== 'LEADERSHIP' &&
            !r.function.endsWith('_CASEWORK') &&
            r.employer !== 'KREIS',
        ),
      ).toBe(0);

      const [pending] = await personnel.appointments.list('PENDING');
      expect(pending).toMatchObject({ position: 'HEAD_OF_DISTRICT_OFFICE', districtId: 'datteln' });
      await reader.waitFor((m) => m.key === pending!.id);
      const transfers = await personnel.transfers.list();
      expect(transfers.map((t) => `${t.kind}:${t.status}`).sort()).toEqual([
        'FLUCTUATION:COMPLETED',
        'VOLUNTARY:OPEN',
      ]);

      const total = await personnel.dataSource.query('SELECT count(*)::int AS n FROM employee');
      await personnel.stop();
      personnel = await startTestPersonnel({ env });
      const again = await personnel.dataSource.query('SELECT count(*)::int AS n FROM employee');
      expect(again[0].n).toBe(total[0].n);
    } finally {
      await reader.stop();
      await personnel.stop();
    }
  });
});
