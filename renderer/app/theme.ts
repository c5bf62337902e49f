import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_KEY = 'dealer-console.theme';

const listeners = new Set<() => void>();
const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;

function readChoice(): ThemeChoice {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

let choice: ThemeChoice = readChoice();

/** The theme shown: the choice, or the system's setting when the choice is System. */
export function resolveTheme(picked: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return picked === 'system' ? (systemDark ? 'dark' : 'light') : picked;
}

function apply(): void {
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.theme = resolveTheme(choice, !!darkQuery?.matches);
  for (const listener of listeners) listener();
}

// Before the first render, so a dark start does not flash light; System follows a live change.
apply();
darkQuery?.addEventListener('change', apply);

/** Pick a theme and remember it on this computer. */
export function setTheme(next: ThemeChoice): void {
  choice = next;
  try {
    globalThis.localStorage?.setItem(THEME_KEY, next);
  } catch {
    // storage unavailable: the choice lasts as long as the page
  }
  apply();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(
    subscribe,
    () => choice,
    () => choice,
  );
}
