import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './app/theme';
import { ApiCallError, createApi } from './api/client';
import { describeFailure } from './api/error-words';
import { ApiProvider } from './app/api-context';
import { App } from './app/App';
import { useSession } from './app/session-store';
import { TransportProvider } from './app/transport-context';
import { selectTransport } from './transport/select';
import { t } from './i18n';
import './styles.css';

const transport = selectTransport(window);
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      refetchOnWindowFocus: false,
      // An API answer is final; only an unreachable server is worth one more try.
      retry: (count, error) => !(error instanceof ApiCallError && error.code !== 0) && count < 1,
    },
  },
});
const api = createApi({
  transport,
  hash: () => useSession.getState().session?.hash,
  onSessionInvalid(code) {
    if (!useSession.getState().session) return;
    queryClient.clear();
    useSession.getState().signOut(t('app.sessionEnded', { reason: describeFailure({ status: { code, description: '' } }) }));
  },
});

document.documentElement.dataset.transport = transport.kind;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TransportProvider transport={transport}>
        <ApiProvider api={api}>
          <App />
        </ApiProvider>
      </TransportProvider>
    </QueryClientProvider>
  </StrictMode>,
);
