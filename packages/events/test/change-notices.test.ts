import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { openDatabase } from '@jobcenter/db';
import { createLogger } from '@jobcenter/logger';
import {
  announceChanges,
  ChangeNotices1764900000000,
  EventTables1764000000000,
} from '@jobcenter/events';
import { createTestDatabase } from '@jobcenter/testing';

class ATable1764900000002 implements MigrationInterface {
  name = 'ATable1764900000002';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE thing (id int PRIMARY KEY, version int NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE thing');
  }
}

const notices = async (dataSource: DataSource): Promise<number> =>
  (
    await dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE topic = 'jobcenter.data-changed.v1'`,
    )
  )[0].n;

describe('change notices', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openDatabase({
      url: await createTestDatabase('notices'),
      entities: [],
      migrations: [EventTables1764000000000, ChangeNotices1764900000000, ATable1764900000002],
      logger: createLogger('notices-test', 'silent'),
    });
    await announceChanges(dataSource, 'things');
    await announceChanges(dataSource, 'things');
  });
  afterAll(() => dataSource.destroy());

  it('writes one notice per changing transaction, whatever its statements', async () => {
    const before = await notices(dataSource);
    await dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO thing VALUES (1, 1), (2, 1)');
      await manager.query('UPDATE thing SET version = 2 WHERE id = 1');
      await manager.query('DELETE FROM thing WHERE id = 2');
    });
    await dataSource.query('INSERT INTO thing VALUES (3, 1)');

    expect(await notices(dataSource)).toBe(before + 2);
    const [notice] = await dataSource.query(
      `SELECT message_key, event FROM outbox_event WHERE topic = 'jobcenter.data-changed.v1' ORDER BY seq DESC LIMIT 1`,
    );
    expect(notice.message_key).toBe('things');
    expect(notice.event).toMatchObject({
      specversion: '1.0',
      source: '/jobcenter/things',
      subject: 'things',
      data: { service: 'things', kind: 'change' },
    });
  });

  it('writes none for a statement that changed no row, nor for a transaction rolled back', async () => {
    const before = await notices(dataSource);
    await dataSource.query('UPDATE thing SET version = 9 WHERE id = 999');
    await dataSource.query(
      'INSERT INTO thing VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = 1 WHERE thing.version < 1',
    );
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO thing VALUES (10, 1)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    expect(await notices(dataSource)).toBe(before);
  });

  it('announces a truncation, and leaves the event tables out', async () => {
    const before = await notices(dataSource);
    await dataSource.query('TRUNCATE thing');
    expect(await notices(dataSource)).toBe(before + 1);
    await dataSource.query(`UPDATE outbox_event SET status = 'sent'`);
    expect(await notices(dataSource)).toBe(before + 1);
  });
});
