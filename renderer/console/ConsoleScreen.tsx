import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useApi, useCan } from '../app/api-context';
import { routeHref } from '../app/router';
import { useTransport } from '../app/transport-context';
import { ErrorText } from '../ui/ErrorText';
import { ConsoleView } from './ConsoleView';

export function ConsoleScreen({ id }: { id: number }) {
  const api = useApi();
  const can = useCan();
  const transport = useTransport();
  const query = useQuery({
    queryKey: ['tracker/read', id],
    queryFn: () => api.call('tracker/read', { tracker_id: id }),
    retry: false,
  });
  const tracker = query.data?.value;
  // The session reconnects when its target changes, not on every re-read of the tracker.
  const trackerId = tracker?.id;
  const deviceId = tracker?.source.device_id;
  const dealerId = tracker?.dealer_id;
  const target = useMemo(
    () => (trackerId !== undefined && deviceId !== undefined && dealerId !== undefined ? { id: trackerId, device_id: deviceId, dealer_id: dealerId } : null),
    [trackerId, deviceId, dealerId],
  );
  return (
    <section className="screen console-screen" aria-labelledby="console-title">
      <a href={routeHref({ screen: 'tracker', id })} className="back-link">
        ← Tracker card
      </a>
      <header className="screen-header">
        <h1 id="console-title">Air console{tracker ? ` for tracker ${tracker.label}` : ''}</h1>
        {tracker && <span className="muted mono">Device ID {tracker.source.device_id}</span>}
      </header>
      <ErrorText error={query.error} />
      {!can('tracker/console/connect') && <p className="error-text">Operation not permitted: this account lacks the permission for it</p>}
      {tracker && target && can('tracker/console/connect') && <ConsoleView api={api} transport={transport} tracker={target} label={tracker.label} />}
    </section>
  );
}
