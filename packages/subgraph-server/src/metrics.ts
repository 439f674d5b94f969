import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import { errorCodeLabel, OperationNames, type Metrics } from '@jobcenter/observability';

/**
 * Per GraphQL request: its duration by operation name and kind (`graphql_request_duration_seconds`,
 * whose `_count` is the request counter) and its errors by code (`graphql_errors_total`). Operation
 * names are bounded (see `OperationNames`); codes are those the services set, else `other`.
 */
export function graphqlMetricsPlugin<TContext extends object>(
  metrics: Metrics,
  names: OperationNames = new OperationNames(),
): ApolloServerPlugin<TContext> {
  const duration = metrics.histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL requests from their arrival to the answer, by operation name and kind',
    labelNames: ['operation', 'kind'] as const,
  });
  const errors = metrics.counter({
    name: 'graphql_errors_total',
    help: 'Errors in GraphQL answers, by code (docs/errors.md)',
    labelNames: ['code'] as const,
  });
  return {
    async requestDidStart({ request }) {
      const end = duration.startTimer();
      return {
        // The errors as the client sees them (after formatError gave domain errors their codes).
        async willSendResponse({ operation, operationName, response }) {
          if (response.body.kind === 'single')
            for (const error of response.body.singleResult.errors ?? [])
              errors.inc({ code: errorCodeLabel(error.extensions?.code) });
          end({
            operation: names.label(operationName ?? request.operationName),
            kind: operation?.operation ?? 'unknown',
          });
        },
      };
    },
  };
}

/** `GET /metrics`: the process's metrics in Prometheus's text format. */
export function metricsRoute(app: express.Express, metrics: Metrics): void {
  app.get('/metrics', async (_req, res) => {
    try {
      res.set('content-type', metrics.contentType).send(await metrics.text());
    } catch (error) {
      res
        .status(500)
        .type('text/plain')
        .send(`metrics failed: ${(error as Error).message}`);
    }
  });
}
