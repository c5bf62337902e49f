import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { MethodPath } from '../../shared/api/contract';
import type { Api } from '../api/client';
import { canCall } from '../api/method-permissions';
import { useSession } from './session-store';

const ApiContext = createContext<Api | null>(null);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

/** `can('tracker/move')`: whether the signed-in account holds the method's permissions. */
export function useCan(): (path: MethodPath) => boolean {
  const permissions = useSession((s) => s.session?.permissions);
  return useMemo(() => (path: MethodPath) => (permissions ? canCall(permissions, path) : false), [permissions]);
}
