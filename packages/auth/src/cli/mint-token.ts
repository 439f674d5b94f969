#!/usr/bin/env node
// Mints a development token: npm run token -- --role city_staff --city marl [--sub anna] [--expires 12h]
import { parseArgs } from 'node:util';
import { CITY_IDS, CITY_ROLES, ROLES, type CityId, type Role } from '../roles';
import { mintDevelopmentToken } from '../verify';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      city: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string', default: '12h' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.role?.length) {
    console.error(
      `usage: npm run token -- --role ROLE [--role ROLE...] [--city CITY] [--sub ID] [--expires 12h]\n` +
        `roles: ${ROLES.join(', ')}\ncities (for ${CITY_ROLES.join(', ')}): ${CITY_IDS.join(', ')}`,
    );
    process.exit(values.help ? 0 : 2);
  }
  const token = await mintDevelopmentToken(
    {
      subject: values.sub ?? `dev-${values.role.join('-')}${values.city ? `-${values.city}` : ''}`,
      roles: values.role as Role[],
      city: values.city as CityId | undefined,
      name: values.name,
      expiresIn: values.expires,
    },
    {
      jwtSecret: process.env.AUTH_JWT_SECRET,
      issuer: process.env.AUTH_ISSUER ?? 'jobcenter-dev',
      audience: process.env.AUTH_AUDIENCE ?? 'jobcenter-graph',
    },
  );
  console.log(token);
}

main().catch((error: Error) => {
  console.error(`Cannot mint the token: ${error.message}`);
  process.exit(2);
});
