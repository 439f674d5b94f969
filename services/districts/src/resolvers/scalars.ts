export { YearMonth, Cents, DateTime } from '@jobcenter/subgraph-server';
