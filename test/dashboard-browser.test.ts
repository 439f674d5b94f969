import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createLogger } from '@jobcenter/logger';
import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { eventually, graphql, ownKafkaBroker, tokenFor } from '@jobcenter/testing';
import type { DistrictsService } from '../services/districts/src/service';
import { startTestDistricts } from '../services/districts/test/support/districts';
import type { GovernanceService } from '../services/governance/src/service';
import { startTestGovernance } from '../services/governance/test/support/governance';
import type { PersonnelService } from '../services/personnel/src/service';
import { startTestPersonnel } from '../services/personnel/test/support/personnel';
import type { BudgetService } from '../services/budget/src/service';
import { startTestBudget } from '../services/budget/test/support/budget';
import {
  loadDashboardConfig,
  startDashboardServer,
  type RunningDashboard,
} from '../apps/dashboard/server/server';
import chromiumOptions from './support/chromium.json';
import { startTestGateway } from './support/gateway';

/**
 * The dashboard in Debian's Chromium (driven by playwright-core, no browser download) against the
 * whole system with every service's demo data, as `npm start` runs it: the chair decides the open
 * dissent, Marl's staff report a month, `reporting` sees counts without names, and a stopped
 * personnel service leaves a page that names it. Each page's screenshot goes to docs/dashboard/.
 */
const CHROMIUM = chromiumOptions.executablePath;
const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS_DIR ?? join(__dirname, '../docs/dashboard');
const STATIC_DIR = join(__dirname, '../apps/dashboard/dist/client');
const YEAR = new Date().getFullYear();
const CURRENT_MONTH = `${YEAR}-${String(new Date().getMonth() + 1).padStart(2, '0')}`;

const broker = ownKafkaBroker('dashboard');

describe('the dashboard in a real browser', () => {
  let districts: DistrictsService;
  let governance: GovernanceService;
  let personnel: PersonnelService;
  let budget: BudgetService;
  let gateway: RunningGateway;
  let dashboard: RunningDashboard;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium)`);
    if (!existsSync(join(STATIC_DIR, 'index.html')))
      throw new Error('The dashboard is not built: npm run build');
    const brokers = broker.start();
    const env = { SEED_DEMO_DATA: 'true' };
    [districts, governance, personnel, budget] = await Promise.all([
      startTestDistricts({ brokers, env }),
      startTestGovernance({ brokers, env }),
      startTestPersonnel({ brokers, env }),
      startTestBudget({ brokers, env }),
    ]);
    const urls = {
      SUBGRAPH_DISTRICTS_URL: districts.url,
      SUBGRAPH_GOVERNANCE_URL: governance.url,
      SUBGRAPH_PERSONNEL_URL: personnel.url,
      SUBGRAPH_BUDGET_URL: budget.url,
    };
    gateway = await startTestGateway(subgraphDefinitions(urls), urls);
    dashboard = await startDashboardServer(
      loadDashboardConfig({
        NODE_ENV: 'test',
        PORT: '0',
        GATEWAY_URL: gateway.url.replace(/\/graphql$/, ''),
        STATIC_DIR,
      }),
      createLogger('dashboard-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
    );
    // The demo is complete when the board's last meeting left its dissent open and the
    // allocation it adopted reached the budget service.
    const chair = await tokenFor('board_chair', undefined, 'landrat');
    await eventually(
      async () => {
        const answer = await graphql<{
          openDissentDecisions: unknown[];
          allocation: { districts: unknown[] } | null;
          appointments: unknown[];
        }>(
          gateway.url,
          `{ openDissentDecisions { id } allocation(fiscalYear: ${YEAR}) { districts { spent } } appointments(status: PENDING) { id } }`,
          {},
          chair,
        );
        return (
          answer.data?.openDissentDecisions.length === 1 &&
          answer.data.allocation?.districts.length === 10 &&
          answer.data.appointments.length > 0
        );
      },
      'the demo data of every service',
      240_000,
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'dashboard-chromium-'));
    // Debian's Chromium, headless, without the background connections this machine refuses;
    // the viewport of a tablet held sideways.
    browser = await chromium.launchPersistentContext(profile, {
      ...chromiumOptions,
      locale: 'de-DE',
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await dashboard?.stop();
    await gateway?.stop();
    await Promise.all([budget?.stop(), personnel?.stop(), governance?.stop(), districts?.stop()]);
    broker.stop();
  });

  /** A new tab (its own session) signed in through the page's development sign-in. */
  async function signIn(role: string, options: { city?: string; person?: string } = {}) {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(dashboard.url);
    await page.getByLabel('Rolle', { exact: true }).selectOption(role);
    if (options.city) await page.getByLabel('Stadt', { exact: true }).selectOption(options.city);
    if (options.person)
      await page.getByLabel('Person (Sitz im Vorstand)').selectOption(options.person);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Überblick', level: 1 }).waitFor();
    return { page, failures };
  }

  async function open(page: Page, link: string) {
    await page
      .getByRole('navigation', { name: 'Seiten' })
      .getByRole('link', { name: link })
      .click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: link }).first().waitFor();
  }

  const screenshot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('lets the chair decide the open dissent, which then shows as adopted by the chair', async () => {
    const { page, failures } = await signIn('board_chair', { person: 'landrat' });
    const table = page.getByTestId('overview-table');
    await table.locator('tr[data-district="marl"] .spark svg').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(11);
    expect(await page.getByText('Offene Dissens-Entscheidungen').count()).toBe(1);
    await screenshot(page, 'ueberblick');

    await page.getByRole('link', { name: /Bezirksstelle Marl/ }).click();
    await page.getByRole('heading', { name: 'Bezirksstelle Marl', level: 1 }).waitFor();
    await page.getByText('K2: Integrationsquote (höher ist besser)').waitFor();
    await page.locator('figure.chart svg').nth(3).waitFor();
    await screenshot(page, 'bezirksstelle');

    await open(page, 'Budget');
    await page.getByTestId('allocation-explained').waitFor();
    await screenshot(page, 'budget');

    await open(page, 'Vorstand');
    const [dissent] = (
      await graphql<{ openDissentDecisions: { id: string; number: string }[] }>(
        gateway.url,
        '{ openDissentDecisions { id number } }',
        {},
        await tokenFor('board_chair', undefined, 'landrat'),
      )
    ).data!.openDissentDecisions;
    const card = page.getByTestId(`dissent-${dissent!.number}`);
    await card.waitFor();
    await screenshot(page, 'vorstand');
    await card.getByRole('button', { name: 'Annehmen' }).click();
    await card.getByRole('button', { name: 'Entscheidung bestätigen' }).click();

    const row = page.locator(`tr[data-resolution="${dissent!.number}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Durch den Vorsitz beschlossen (Dr. Hanna Berger');
    expect(await page.getByText('Keine offenen Entscheidungen.').count()).toBe(1);
    const decided = await graphql<{ resolution: { status: string; decidedBy: { id: string } } }>(
      gateway.url,
      'query R($id: ID!) { resolution(id: $id) { status decidedBy { id } } }',
      { id: dissent!.id },
      await tokenFor('board_member', undefined, 'fb-leitung'),
    );
    expect(decided.data!.resolution).toEqual({
      status: 'ADOPTED_BY_CHAIR',
      decidedBy: { id: 'landrat' },
    });
    expect(failures).toEqual([]);
    await page.close();
  });

  it('shows Marl’s staff the server’s message at the field it names, then takes a valid month the overview shows', async () => {
    const { page, failures } = await signIn('city_staff', { city: 'marl' });
    // A city's staff see no board pages.
    const navigation = page.getByRole('navigation', { name: 'Seiten' });
    expect(await navigation.getByRole('link', { name: 'Vorstand' }).count()).toBe(0);
    await open(page, 'Meldung');
    await page.getByLabel('Monat', { exact: true }).fill(CURRENT_MONTH);
    const figures = {
      Bedarfsgemeinschaften: '5100',
      'Erwerbsfähige Leistungsberechtigte (eLb)': '7111',
      'davon unter 25 Jahren': '9000',
      'davon Langzeitleistungsbeziehende': '4500',
      'Integrationen im Monat': '110',
    };
    for (const [label, value] of Object.entries(figures))
      await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByLabel(/Leistungen zum Lebensunterhalt/).fill('3.160.000,00');
    await page.getByRole('button', { name: 'Meldung speichern' }).click();

    const under25 = page.getByLabel('davon unter 25 Jahren', { exact: true });
    await page.locator('[data-field-error="figures.eligibleJobseekersUnder25"]').waitFor();
    expect(await under25.getAttribute('aria-invalid')).toBe('true');
    const described = await under25.getAttribute('aria-describedby');
    expect(await page.locator(`#${described}`).textContent()).toContain(
      'eligibleJobseekersUnder25 (9000) cannot exceed eligibleJobseekers (7111)',
    );
    await screenshot(page, 'meldung');

    await under25.fill('1500');
    await page.getByRole('button', { name: 'Meldung speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'gespeichert' }).waitFor();
    expect(await under25.getAttribute('aria-invalid')).toBe('false');
    await page.locator(`tr[data-month="${CURRENT_MONTH}"]`).waitFor();

    await open(page, 'Überblick');
    const marl = page.getByTestId('elb-marl');
    await marl.filter({ hasText: '7.111' }).waitFor();
    expect(await page.getByTestId('elb-herten').textContent()).not.toContain('7.111');
    expect(failures).toEqual([]);
    await page.close();
  });

  it('shows reporting the staff counts but no employee’s name', async () => {
    const names = (
      await graphql<{ employees: { name: string | null }[] }>(
        gateway.url,
        '{ employees { name } }',
        {},
        await tokenFor('county_hr'),
      )
    ).data!.employees.map((employee) => employee.name!);
    expect(names.length).toBeGreaterThan(100);

    const { page, failures } = await signIn('reporting');
    await open(page, 'Personal');
    const counts = page.getByTestId('staff-counts');
    await counts.locator('tbody tr').nth(9).waitFor();
    expect(await counts.locator('tbody tr').count()).toBe(10);
    const marl = await counts.locator('tbody tr', { hasText: 'Marl' }).textContent();
    expect(marl).toMatch(/Bezirksstelle Marl\d+/);
    const text = (await page.locator('main').textContent())!;
    expect(names.filter((name) => text.includes(name))).toEqual([]);
    expect(text).not.toContain('Überleitungen zwischen Kreis und Städten');
    expect(text).not.toContain('Ausgeschriebene Stellen');
    await screenshot(page, 'personal');

    // The board's resolutions are reporting's to read too, without the meetings' inside.
    await open(page, 'Vorstand');
    const resolutions = page.getByTestId('resolutions');
    await resolutions.locator('tbody tr').first().waitFor();
    expect(await resolutions.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('partial-notice').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('Beschlüsse fehlt');
    expect(failures).toEqual([]);
    await page.close();
  });

  it('names the personnel service on a partial page while it is stopped', async () => {
    await personnel.stop();
    const { page, failures } = await signIn('county_staff');
    const notice = page.getByTestId('partial-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Der Dienst Personal (personnel) antwortet nicht');
    // What the other services answered is there.
    await page.getByTestId('elb-marl').filter({ hasText: '7.111' }).waitFor();
    expect(await page.locator('tr[data-district="marl"]').getByText('Personal fehlt').count()).toBe(
      1,
    );
    await screenshot(page, 'ueberblick-personal-ausgefallen');

    await open(page, 'Personal');
    await page.getByTestId('partial-notice').waitFor();
    expect(await page.getByTestId('partial-notice').textContent()).toContain('personnel');
    expect(failures).toEqual([]);
    await page.close();
  });
});
