export {
  Metrics,
  OperationNames,
  poolMetrics,
  errorCodeLabel,
  DURATION_BUCKETS,
  type PoolLike,
} from './metrics';
export { startTracing, type Tracing } from './tracing';
export {
  tracer,
  currentTraceContext,
  contextOf,
  linksTo,
  inSpan,
  SpanKind,
  type TraceContextFields,
} from './trace-context';
export { tracingEnv } from './config';
