import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { ApiEnvelope } from '../../shared/bridge';
import type { Permissions } from '../../shared/permissions';
import { createApi } from '../api/client';
import { ApiProvider } from '../app/api-context';
import { useSession } from '../app/session-store';
import { TransportProvider } from '../app/transport-context';
import type { Transport } from '../transport/transport';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export type Answer = (params: Record<string, unknown>) => ApiEnvelope | Promise<ApiEnvelope>;

/** A transport answering from a table of method → answer; unknown methods answer 112. */
export function fakeTransport(answers: Record<string, Answer>): Transport & { calls: { path: string; params: Record<string, unknown> }[] } {
  const calls: { path: string; params: Record<string, unknown> }[] = [];
  return {
    kind: 'http',
    calls,
    async call(path, params) {
      calls.push({ path, params });
      const answer = answers[path];
      return answer ? answer(params) : { success: false, status: { code: 112, description: 'Wrong method' } };
    },
    openConsole: () => ({ send() {}, close() {} }),
  };
}

export interface Rendered {
  container: HTMLElement;
  root: Root;
  unmount(): void;
}

/** Renders `ui` signed in with `permissions`, over a fake transport. */
export async function renderSignedIn(ui: ReactNode, permissions: Permissions, transport: Transport): Promise<Rendered> {
  useSession.getState().signIn({ hash: 'a'.repeat(32), login: 'tester', permissions });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const api = createApi({ transport, hash: () => useSession.getState().session?.hash, onSessionInvalid: () => useSession.getState().signOut('ended') });
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(
      <QueryClientProvider client={queryClient}>
        <TransportProvider transport={transport}>
          <ApiProvider api={api}>{ui}</ApiProvider>
        </TransportProvider>
      </QueryClientProvider>,
    );
  });
  await settle();
  return {
    container,
    root,
    unmount() {
      act(() => root.unmount());
      container.remove();
    },
  };
}

/** Lets pending queries resolve and React commit. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

export function buttons(container: HTMLElement): string[] {
  return [...container.querySelectorAll('button')].map((b) => b.textContent?.trim() ?? '');
}
