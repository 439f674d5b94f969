import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '@jobcenter/logger';
import { recordQuery } from './query-counter';

/** Routes TypeORM's log to the service logger and feeds the per-request query counter. */
export class TypeOrmPinoLogger implements TypeOrmLogger {
  private readonly out: Logger;

  constructor(logger: Logger) {
    this.out = logger.child({ component: 'typeorm' });
  }

  logQuery(query: string): void {
    recordQuery(query);
    if (this.out.isLevelEnabled('trace')) this.out.trace({ query }, 'query');
  }

  logQueryError(error: string | Error, query: string): void {
    this.out.debug({ err: error, query }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.out.warn({ time, query }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.out.debug(message);
  }

  logMigration(message: string): void {
    this.out.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.warn({ message }, 'typeorm');
    else this.out.debug({ message }, 'typeorm');
  }
}
