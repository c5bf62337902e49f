import { create } from 'zustand';
import type { Permissions } from '../../shared/permissions';

export interface SignedIn {
  hash: string;
  login: string;
  permissions: Permissions;
}

interface SessionState {
  session: SignedIn | null;
  /** Why the user is back at the sign-in screen (session ended), shown there once. */
  notice: string | null;
  signIn(session: SignedIn): void;
  setPermissions(permissions: Permissions): void;
  signOut(notice?: string): void;
}

const STORAGE_KEY = 'dealer-console.session';

function restore(): SignedIn | null {
  try {
    const text = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    if (!text) return null;
    const value = JSON.parse(text) as SignedIn;
    return typeof value.hash === 'string' && typeof value.login === 'string' ? value : null;
  } catch {
    return null;
  }
}

function persist(session: SignedIn | null): void {
  try {
    if (session) globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(session));
    else globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  } catch {
    // storage unavailable: the session lasts as long as the page
  }
}

/** Who is signed in (UI state; the server is the authority and answers 3/4 when it ends). */
export const useSession = create<SessionState>((set) => ({
  session: restore(),
  notice: null,
  signIn(session) {
    persist(session);
    set({ session, notice: null });
  },
  setPermissions(permissions) {
    set((state) => {
      if (!state.session) return state;
      const session = { ...state.session, permissions };
      persist(session);
      return { session };
    });
  },
  signOut(notice) {
    persist(null);
    set({ session: null, notice: notice ?? null });
  },
}));
