import { useSyncExternalStore } from 'react';

/** Screens, addressed by the URL hash so reloads and the back button work in both hosts. */
export type Route =
  | { screen: 'trackers' }
  | { screen: 'dashboard' }
  | { screen: 'tracker'; id: number }
  | { screen: 'console'; id: number }
  | { screen: 'bundles' }
  | { screen: 'activity' }
  | { screen: 'users' }
  | { screen: 'tariffs' }
  | { screen: 'staff' }
  | { screen: 'audit' }
  | { screen: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [first, second, third] = parts;
  const id = Number(second);
  if (first === 'trackers' && second && Number.isInteger(id) && id > 0) {
    return third === 'console' ? { screen: 'console', id } : { screen: 'tracker', id };
  }
  switch (first) {
    case 'dashboard':
    case 'bundles':
    case 'activity':
    case 'users':
    case 'tariffs':
    case 'staff':
    case 'audit':
    case 'settings':
      return { screen: first };
    default:
      return { screen: 'trackers' };
  }
}

export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'tracker':
      return `#/trackers/${route.id}`;
    case 'console':
      return `#/trackers/${route.id}/console`;
    default:
      return `#/${route.screen}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(
    subscribe,
    () => window.location.hash,
    () => '',
  );
  return parseRoute(hash);
}
