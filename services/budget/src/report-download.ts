import type { SubgraphServiceOptions } from '@jobcenter/subgraph-server';
import { DomainError, RuleViolation } from '@jobcenter/subgraph-server';
import { GraphQLError } from 'graphql';
import type { BudgetServices } from './application';
import type { BudgetContext } from './context';
import { reportCsv } from './domain/report';
import { canReadAggregates } from './resolvers/permissions';

type Routes = NonNullable<SubgraphServiceOptions<BudgetServices, BudgetContext>['routes']>;

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

/**
 * `GET /reports/{year}.csv?quarter=N`: the report to Bund and Land as a CSV file, the same as
 * `budgetReport { csv }` and under the same permission (bearer token, aggregates readers). The
 * gateway forwards `GET /reports/budget/{year}.csv` here with the caller's token.
 */
export const reportDownload: Routes = (app, { verifyToken }, services) => {
  app.get('/reports/:file', async (req, res) => {
    try {
      const principal = await verifyToken(req.header('authorization'));
      canReadAggregates(principal);
      const match = /^(\d{4})\.csv$/.exec(req.params.file);
      if (!match) throw new RuleViolation('Ask for /reports/{year}.csv', 'year');
      const quarterParameter = req.query.quarter;
      const quarter =
        typeof quarterParameter === 'string' && quarterParameter !== ''
          ? Number(quarterParameter)
          : null;
      const year = Number(match[1]);
      const report = await services.reports.report(year, quarter);
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .attachment(`budget-report-${year}${quarter ? `-Q${quarter}` : ''}.csv`)
        .send(reportCsv(report));
    } catch (error) {
      const code =
        error instanceof DomainError
          ? error.code
          : error instanceof GraphQLError
            ? String(error.extensions?.code ?? '')
            : '';
      const status = STATUS[code];
      if (!status) throw error;
      res.status(status).json({
        error: { code, message: (error as Error).message, field: (error as DomainError).field },
      });
    }
  });
};
