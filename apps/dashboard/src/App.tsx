import { useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { Link, Route, Switch, useLocation } from 'wouter';
import { graphClient } from './api/client';
import { may, type Permission } from './auth/permissions';
import { SessionContext } from './auth/session-context';
import { forgetSession, keepSession, restoreSession, type Session } from './auth/session';
import { SignIn } from './auth/SignIn';
import { CITY_LABELS, label, ROLE_LABELS } from './labels';
import { BoardPage } from './pages/BoardPage';
import { BudgetPage } from './pages/BudgetPage';
import { DistrictPage } from './pages/DistrictPage';
import { OverviewPage } from './pages/OverviewPage';
import { PersonnelPage } from './pages/PersonnelPage';
import { ReportPage } from './pages/ReportPage';

const PAGES: { path: string; title: string; permission?: Permission }[] = [
  { path: '/', title: 'Überblick' },
  { path: '/bezirksstelle', title: 'Bezirksstelle' },
  { path: '/vorstand', title: 'Vorstand', permission: 'resolutions' },
  { path: '/budget', title: 'Budget', permission: 'budget' },
  { path: '/personal', title: 'Personal' },
  { path: '/meldung', title: 'Meldung', permission: 'reportCaseload' },
];

export function App() {
  const [session, setSession] = useState<Session | null>(() => restoreSession());
  const client = useMemo(() => (session ? graphClient(session.token) : null), [session]);
  // An expired token is refused by every service: sign in again instead.
  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(
      () => {
        forgetSession();
        setSession(null);
      },
      Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1),
    );
    return () => window.clearTimeout(timer);
  }, [session]);
  if (!session || !client) {
    return (
      <SignIn
        onSignedIn={(next) => {
          keepSession(next);
          setSession(next);
        }}
      />
    );
  }
  const signOut = () => {
    forgetSession();
    setSession(null);
  };
  return (
    <SessionContext.Provider value={session}>
      <Provider value={client}>
        <Shell session={session} onSignOut={signOut} />
      </Provider>
    </SessionContext.Provider>
  );
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const [location] = useLocation();
  const pages = PAGES.filter((page) => !page.permission || may(session, page.permission));
  const allowed = (permission: Permission) => may(session, permission);
  const current = (path: string) =>
    path === '/' ? location === '/' : location === path || location.startsWith(`${path}/`);
  return (
    <>
      <a className="skip-link" href="#main">
        Zum Inhalt
      </a>
      <header className="top">
        <div className="brand">Jobcenter Kreis Recklinghausen</div>
        <nav aria-label="Seiten">
          <ul>
            {pages.map((page) => (
              <li key={page.path}>
                <Link href={page.path} aria-current={current(page.path) ? 'page' : undefined}>
                  {page.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span data-testid="signed-in-as">
            {session.roles.map((role) => label(ROLE_LABELS, role)).join(', ')}
            {session.city ? ` ${label(CITY_LABELS, session.city)}` : ''} ({session.subject})
          </span>
          <button type="button" className="link-button" onClick={onSignOut}>
            Abmelden
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/" component={OverviewPage} />
          <Route path="/bezirksstelle/:id?">
            {(params: { id?: string }) => <DistrictPage districtId={params.id} />}
          </Route>
          {allowed('resolutions') && <Route path="/vorstand" component={BoardPage} />}
          {allowed('budget') && <Route path="/budget" component={BudgetPage} />}
          <Route path="/personal" component={PersonnelPage} />
          {allowed('reportCaseload') && <Route path="/meldung" component={ReportPage} />}
          <Route>
            <h1>Diese Seite gibt es nicht (oder nicht für Ihre Rolle).</h1>
            <Link href="/">Zum Überblick</Link>
          </Route>
        </Switch>
      </main>
    </>
  );
}
