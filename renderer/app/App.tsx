import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import type { MethodPath } from '../../shared/api/contract';
import { ActivityScreen } from '../features/activity/ActivityScreen';
import { BundlesScreen } from '../features/bundles/BundlesScreen';
import { LoginScreen } from '../features/login/LoginScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { StaffScreen } from '../features/staff/StaffScreen';
import { TariffsScreen } from '../features/tariffs/TariffsScreen';
import { TrackerCard } from '../features/trackers/TrackerCard';
import { TrackersScreen } from '../features/trackers/TrackersScreen';
import { UsersScreen } from '../features/users/UsersScreen';
import { useApi, useCan } from './api-context';
import { routeHref, useRoute, type Route } from './router';
import { useSession } from './session-store';

// xterm.js is most of the bundle: load the console only when it is opened.
const ConsoleScreen = lazy(() => import('../console/ConsoleScreen').then((m) => ({ default: m.ConsoleScreen })));

const nav: { route: Route; title: string; method: MethodPath }[] = [
  { route: { screen: 'trackers' }, title: 'Trackers', method: 'tracker/list' },
  { route: { screen: 'bundles' }, title: 'Bundles', method: 'tracker/bundle/list' },
  { route: { screen: 'activity' }, title: 'Activity', method: 'tracker/active/history/list' },
  { route: { screen: 'users' }, title: 'Users', method: 'user/list' },
  { route: { screen: 'tariffs' }, title: 'Plans', method: 'tariff/list' },
  { route: { screen: 'staff' }, title: 'Staff', method: 'staff/list' },
  { route: { screen: 'settings' }, title: 'Settings', method: 'settings/device_gateway/read' },
];

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'trackers':
      return <TrackersScreen />;
    case 'tracker':
      return <TrackerCard key={route.id} id={route.id} />;
    case 'console':
      return (
        <Suspense fallback={<p role="status">Loading the console…</p>}>
          <ConsoleScreen key={route.id} id={route.id} />
        </Suspense>
      );
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
        Skip to content
      </button>
      <header className="topbar">
        <span className="brand">Dealer Console</span>
        <nav aria-label="Sections">
          <ul>
            {nav
              .filter((n) => can(n.method))
              .map((n) => (
                <li key={n.title}>
                  <a href={routeHref(n.route)} aria-current={active === n.route.screen ? 'page' : undefined}>
                    {n.title}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <span className="account" title="Signed in as">
          {session.login}
        </span>
        <button type="button" onClick={() => void logout()}>
          Sign out
        </button>
      </header>
      <main id="app-main" tabIndex={-1}>
        {allowed && !can(allowed.method) ? (
          <section className="screen">
            <h1>{allowed.title}</h1>
            <p className="error-text">Operation not permitted: this account lacks the permission for it</p>
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
