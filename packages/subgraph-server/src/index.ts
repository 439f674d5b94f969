export {
  startSubgraphServer,
  environmentSettings,
  type SubgraphServerOptions,
  type RunningSubgraph,
  type BaseContext,
} from './server';
export { onShutdown } from './shutdown';
export { fieldCostLimit } from './cost-limit';
export { DomainError, RuleViolation, NotFound, Conflict, Misdirected } from './domain-errors';
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
export { DemoProgress, DemoSeedingStopped } from './demo-progress';
