export {
  startSubgraphServer,
  environmentSettings,
  type SubgraphServerOptions,
  type RunningSubgraph,
  type BaseContext,
} from './server';
export { onShutdown } from './shutdown';
export {
  protection,
  jsonBody,
  tokenLimit,
  clientError,
  GATEWAY_LIMITS,
  SUBGRAPH_LIMITS,
  type OperationLimits,
} from './protection';
export {
  DomainError,
  RuleViolation,
  Forbidden,
  NotFound,
  Conflict,
  Misdirected,
} from './domain-errors';
export { YearMonth, Cents, DateTime, JsonScalar } from './scalars';
export {
  runSubgraphService,
  serviceHandle,
  waitUntil,
  type ServiceHandle,
  type SubgraphServiceOptions,
  type RunningService,
  type ServiceRuntimeConfig,
  type ServiceWiring,
} from './service-runtime';
export { keyedLoader, groupedLoader } from './loaders';
export { parseCalendarDate } from './dates';
export { graphqlMetricsPlugin, metricsRoute } from './metrics';
