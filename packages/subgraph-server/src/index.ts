export {
  startSubgraphServer,
  type SubgraphServerOptions,
  type RunningSubgraph,
  type BaseContext,
} from './server';
export { onShutdown } from './shutdown';
export { RuleViolation, NotFound, Conflict } from './domain-errors';
