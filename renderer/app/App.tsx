import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import type { MethodPath } from '../../shared/api/contract';
import { ActivityScreen } from '../features/activity/ActivityScreen';
import { DashboardScreen } from '../features/dashboard/DashboardScreen';
import { BundlesScreen } from '../features/bundles/BundlesScreen';
import { LoginScreen } from '../features/login/LoginScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { StaffScreen } from '../features/staff/StaffScreen';
import { AuditScreen } from '../features/audit/AuditScreen';
import { TariffsScreen } from '../features/tariffs/TariffsScreen';
import { TrackerCard } from '../features/trackers/TrackerCard';
import { TrackersScreen } from '../features/trackers/TrackersScreen';
import { UsersScreen } from '../features/users/UsersScreen';
import { useT } from '../i18n';
import { Preferences } from './Preferences';
import { useApi, useCan } from './api-context';
import { routeHref, useRoute, type Route } from './router';
import { useSession } from './session-store';

// xterm.js is most of the bundle: load the console only when it is opened.
const ConsoleScreen = lazy(() => import('../console/ConsoleScreen').then((m) => ({ default: m.ConsoleScreen })));

const nav: { route: Route; title: string; method: MethodPath }[] = [
  { route: { screen: 'dashboard' }, title: 'nav.dashboard', method: 'dealer/get_info' },
  { route: { screen: 'trackers' }, title: 'nav.trackers', method: 'tracker/list' },
  { route: { screen: 'bundles' }, title: 'nav.bundles', method: 'tracker/bundle/list' },
  { route: { screen: 'activity' }, title: 'nav.activity', method: 'tracker/active/history/list' },
  { route: { screen: 'users' }, title: 'nav.users', method: 'user/list' },
  { route: { screen: 'tariffs' }, title: 'nav.tariffs', method: 'tariff/list' },
  { route: { screen: 'staff' }, title: 'nav.staff', method: 'staff/list' },
  { route: { screen: 'audit' }, title: 'nav.audit', method: 'audit/log/list' },
  { route: { screen: 'settings' }, title: 'nav.settings', method: 'settings/device_gateway/read' },
];

function Screen({ route }: { route: Route }) {
  const t = useT();
  switch (route.screen) {
    case 'trackers':
      return <TrackersScreen />;
    case 'tracker':
      return <TrackerCard key={route.id} id={route.id} />;
    case 'console':
      return (
        <Suspense fallback={<p role="status">{t('app.loadingConsole')}</p>}>
          <ConsoleScreen key={route.id} id={route.id} />
        </Suspense>
      );
    case 'dashboard':
      return <DashboardScreen />;
    case 'bundles':
      return <BundlesScreen />;
    case 'activity':
      return <ActivityScreen />;
    case 'users':
      return <UsersScreen />;
    case 'tariffs':
      return <TariffsScreen />;
    case 'staff':
      return <StaffScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

function Shell() {
  const api = useApi();
  const can = useCan();
  const route = useRoute();
  const session = useSession((s) => s.session)!;
  const signOut = useSession((s) => s.signOut);
  const setPermissions = useSession((s) => s.setPermissions);
  const queryClient = useQueryClient();
  const t = useT();

  // A restored session may have ended or changed: re-read the permissions once.
  useEffect(() => {
    api.call('account/get_permissions').then(
      (r) => setPermissions(r.permissions),
      () => {},
    );
  }, [api, setPermissions]);

  const logout = async () => {
    await api.raw('account/logout');
    queryClient.clear();
    signOut();
  };

  const active = route.screen === 'tracker' || route.screen === 'console' ? 'trackers' : route.screen;
  const allowed = nav.find((n) => n.route.screen === active);
  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => document.getElementById('app-main')?.focus()}>
        {t('app.skip')}
      </button>
      <header className="topbar">
        <span className="brand">{t('app.brand')}</span>
        <nav aria-label={t('app.sections')}>
          <ul>
            {nav
              .filter((n) => can(n.method))
              .map((n) => (
                <li key={n.title}>
                  <a href={routeHref(n.route)} aria-current={active === n.route.screen ? 'page' : undefined}>
                    {t(n.title)}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <Preferences />
        <span className="account" title={t('app.signedInAs')}>
          {session.login}
        </span>
        <button type="button" onClick={() => void logout()}>
          {t('app.signOut')}
        </button>
      </header>
      <main id="app-main" tabIndex={-1}>
        {allowed && !can(allowed.method) ? (
          <section className="screen">
            <h1>{t(allowed.title)}</h1>
            <p className="error-text">{t('app.notPermitted')}</p>
          </section>
        ) : (
          <Screen route={route} />
        )}
      </main>
    </div>
  );
}

export function App() {
  const signedIn = useSession((s) => s.session !== null);
  return signedIn ? <Shell /> : <LoginScreen />;
}
