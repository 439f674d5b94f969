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
  postOnly,
  jsonBody,
  tokenLimit,
  clientError,
  GATEWAY_LIMITS,
  SUBGRAPH_LIMITS,
  type OperationLimits,
} from './protection';
// The domain errors live in @jobcenter/kernel (domain code imports them from there); re-exported
// for the application code that already imports them from here.
export {
  DomainError,
  RuleViolation,
  Forbidden,
  NotFound,
  Conflict,
  Misdirected,
  parseCalendarDate,
} from '@jobcenter/kernel';
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
export { keyedLoader, groupedLoader, referenced } from './loaders';
export {
  keysetPage,
  keysetPagesOf,
  connectionLoader,
  emptyConnection,
  parsePage,
  encodeCursor,
  MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
  type Connection,
  type PageArguments,
  type PageInfo,
  type SortKey,
  type KeysetList,
} from './connections';
export { DemoProgress, DemoSeedingStopped } from './demo-progress';
export { graphqlMetricsPlugin, metricsRoute } from './metrics';
