export { YearMonth, DateTime, JsonScalar } from '@jobcenter/subgraph-server';
