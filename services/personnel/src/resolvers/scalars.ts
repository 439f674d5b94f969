import { CITY_IDS } from '@jobcenter/auth';

export { YearMonth, DateTime } from '@jobcenter/subgraph-server';

/** GraphQL `Employer` values (CASTROP_RAUXEL) to the ids used everywhere else (castrop-rauxel). */
export const Employer = Object.fromEntries([
  ['KREIS', 'KREIS'],
  ...CITY_IDS.map((city) => [city.toUpperCase().replaceAll('-', '_'), city]),
]);
