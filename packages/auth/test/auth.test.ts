import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { GraphQLError } from 'graphql';
import {
  createTokenVerifier,
  DEVELOPMENT_JWT_SECRET,
  mintDevelopmentToken,
  requireCityWrite,
  requireRole,
  type Principal,
} from '@jobcenter/auth';

const verify = createTokenVerifier({ issuer: 'jobcenter-dev', audience: 'jobcenter-graph' });

const codeOf = async (work: () => unknown) => {
  try {
    await work();
  } catch (error) {
    return { code: (error as GraphQLError).extensions?.code, message: (error as Error).message };
  }
  return { code: 'NONE', message: '' };
};

describe('token verification', () => {
  it('turns a development token into a principal', async () => {
    const token = await mintDevelopmentToken({
      subject: 'anna',
      roles: ['city_staff'],
      city: 'marl',
    });
    expect(await verify(`Bearer ${token}`)).toEqual({
      subject: 'anna',
      roles: ['city_staff'],
      city: 'marl',
      name: undefined,
    });
  });

  it('treats a missing header as anonymous', async () => {
    expect(await verify(undefined)).toBeNull();
  });

  it('refuses a malformed header, a wrong signature, an expired token and a foreign audience', async () => {
    const secret = new TextEncoder().encode(DEVELOPMENT_JWT_SECRET);
    const base = () =>
      new SignJWT({ roles: ['county_staff'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setIssuer('jobcenter-dev');
    const expired = await base()
      .setAudience('jobcenter-graph')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    const foreign = await base().setAudience('another-app').setExpirationTime('1h').sign(secret);
    const wrongKey = await base()
      .setAudience('jobcenter-graph')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    expect(await codeOf(() => verify('Token abc'))).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('Bearer <token>'),
    });
    expect(await codeOf(() => verify(`Bearer ${expired}`))).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('"exp"'),
    });
    expect(await codeOf(() => verify(`Bearer ${foreign}`))).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('"aud"'),
    });
    expect(await codeOf(() => verify(`Bearer ${wrongKey}`))).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('signature'),
    });
  });

  it('refuses a city role without a city, and unknown roles', async () => {
    const secret = new TextEncoder().encode(DEVELOPMENT_JWT_SECRET);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('x')
        .setIssuer('jobcenter-dev')
        .setAudience('jobcenter-graph')
        .setExpirationTime('1h')
        .sign(secret);
    expect(
      await codeOf(async () => verify(`Bearer ${await sign({ roles: ['city_staff'] })}`)),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('city roles need the city claim'),
    });
    expect(
      (await codeOf(async () => verify(`Bearer ${await sign({ roles: ['emperor'] })}`))).code,
    ).toBe('UNAUTHENTICATED');
  });
});

describe('permission checks', () => {
  const marl: Principal = { subject: 'a', roles: ['city_staff'], city: 'marl' };
  const county: Principal = { subject: 'b', roles: ['county_staff'] };
  const reporting: Principal = { subject: 'c', roles: ['reporting'] };
  const access = {
    cityRoles: ['city_staff'] as const,
    countyRoles: ['county_staff'] as const,
    action: 'Reporting caseload',
  };

  it('lets a city write its own data and the county write any city’s', () => {
    expect(requireCityWrite(marl, 'marl', access)).toBe(marl);
    expect(requireCityWrite(county, 'herten', access)).toBe(county);
  });

  it('forbids another city’s data and roles without write access', async () => {
    expect(await codeOf(() => requireCityWrite(marl, 'herten', access))).toEqual({
      code: 'FORBIDDEN',
      message: 'Reporting caseload: staff of marl may not write data of herten',
    });
    expect((await codeOf(() => requireCityWrite(reporting, 'marl', access))).code).toBe(
      'FORBIDDEN',
    );
    expect((await codeOf(() => requireCityWrite(null, 'marl', access))).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('checks roles', async () => {
    expect(requireRole(county, ['county_staff', 'board_office'], 'x')).toBe(county);
    expect(await codeOf(() => requireRole(marl, ['board_office'], 'Changing master data'))).toEqual(
      {
        code: 'FORBIDDEN',
        message: 'Changing master data needs one of the roles board_office',
      },
    );
  });
});

describe('the development token CLI', () => {
  // The built CLI, as `npm run token` runs it (npm test builds first).
  const cli = join(__dirname, '../dist/cli/mint-token.js');
  const run = (args: string[]) =>
    execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: 'pipe' });

  it('mints a token that the verifier accepts', async () => {
    const token = run(['--role', 'city_staff', '--city', 'herten', '--sub', 'ben']).trim();
    expect(await verify(`Bearer ${token}`)).toMatchObject({
      subject: 'ben',
      roles: ['city_staff'],
      city: 'herten',
    });
  });

  it('refuses a city role without a city, naming the problem', () => {
    expect(() => run(['--role', 'city_staff'])).toThrow(/city roles need the city claim/);
  });
});

describe('production keys', () => {
  it('refuses to verify with the development key in production', () => {
    expect(() =>
      createTokenVerifier({ issuer: 'i', audience: 'a', requireConfiguredKey: true }),
    ).toThrow(/development key is refused/);
    expect(() =>
      createTokenVerifier({
        issuer: 'i',
        audience: 'a',
        requireConfiguredKey: true,
        jwtSecret: 'x'.repeat(40),
      }),
    ).not.toThrow();
  });

  it('refuses a token without expiry', async () => {
    const secret = new TextEncoder().encode(DEVELOPMENT_JWT_SECRET);
    const forever = await new SignJWT({ roles: ['county_staff'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('jobcenter-dev')
      .setAudience('jobcenter-graph')
      .sign(secret);
    expect(await codeOf(() => verify(`Bearer ${forever}`))).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('"exp"'),
    });
  });
});

describe('production: tokens from the identity provider (JWKS)', () => {
  it('verifies an RS256 token against the provider’s published keys, and refuses HS256 tokens', async () => {
    const http = await import('node:http');
    const { generateKeyPair, exportJWK } = await import('jose');
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = {
      ...(await exportJWK(publicKey)),
      kid: 'provider-key-1',
      alg: 'RS256',
      use: 'sig',
    };
    const server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const production = createTokenVerifier({
        jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        issuer: 'https://login.kreis-re.example',
        audience: 'jobcenter-graph',
        requireConfiguredKey: true,
      });
      const token = await new SignJWT({ roles: ['board_chair'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1' })
        .setSubject('landrat')
        .setIssuer('https://login.kreis-re.example')
        .setAudience('jobcenter-graph')
        .setExpirationTime('5m')
        .sign(privateKey);
      expect(await production(`Bearer ${token}`)).toMatchObject({
        subject: 'landrat',
        roles: ['board_chair'],
      });
      // Same issuer and audience, but signed with the development key (HS256): refused all the same.
      const development = await mintDevelopmentToken(
        { subject: 'x', roles: ['county_staff'] },
        { issuer: 'https://login.kreis-re.example', audience: 'jobcenter-graph' },
      );
      expect((await codeOf(() => production(`Bearer ${development}`))).code).toBe(
        'UNAUTHENTICATED',
      );
    } finally {
      server.close();
    }
  });
});
