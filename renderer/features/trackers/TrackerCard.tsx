import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TrackerState as TrackerStateObject } from '../../../shared/api/tracker';
import { Code } from '../../../shared/errors';
import { ApiCallError } from '../../api/client';
import { isMissingMethod } from '../../api/error-words';
import { useWrite } from '../../api/use-write';
import { useApi, useCan } from '../../app/api-context';
import { useTariffs } from '../../app/lookups';
import { navigate, routeHref } from '../../app/router';
import { ErrorText } from '../../ui/ErrorText';
import { TariffChangeDialog } from '../tariff-change/TariffChangeDialog';
import { CloneDialog } from './actions/CloneDialog';
import { CorruptDialog } from './actions/CorruptDialog';
import { DeleteClonesDialog } from './actions/DeleteClonesDialog';
import { EditTrackerDialog } from './actions/EditTrackerDialog';
import { trackerQueries } from './actions/invalidate';
import { MoveDialog } from './actions/MoveDialog';
import { RetryActivation, retryAllowed, type RetryMessage } from './actions/RetryActivation';
import { statusWord } from './status-words';

type Open = 'edit' | 'clone' | 'delete' | 'move' | 'corrupt' | 'tariff' | null;

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

/** The get_state object as [label, value] rows; empty when the device never reported anything. */
export function stateRows(state: TrackerStateObject | undefined): [string, string][] {
  if (!state || (!state.last_update && !state.gps.updated)) return [];
  const rows: [string, string][] = [];
  const add = (label: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== '') rows.push([label, String(value)]);
  };
  add('Last update (UTC)', state.last_update);
  add('Connection', statusWord(state.connection_status));
  add('Movement', state.movement_status);
  const gps = state.gps;
  add('GPS updated (UTC)', gps.updated);
  if (gps.location) add('Location', `${gps.location.lat.toFixed(6)}, ${gps.location.lng.toFixed(6)}`);
  add('Speed', `${gps.speed} km/h`);
  add('Heading', `${gps.heading}°`);
  add('Altitude', `${gps.alt} m`);
  add('GPS signal', gps.signal_level === null ? undefined : `${gps.signal_level}%`);
  if (state.gsm) add('GSM signal', state.gsm.signal_level === null ? undefined : `${state.gsm.signal_level}%`);
  add('Battery', state.battery_level === null ? undefined : `${state.battery_level}%`);
  if (state.inputs.length) add('Inputs', state.inputs.map((on) => (on ? '1' : '0')).join(' '));
  if (state.outputs.length) add('Outputs', state.outputs.map((on) => (on ? '1' : '0')).join(' '));
  return rows;
}

/** The last known state, if the server offers tracker/get_state; "No state yet" otherwise. */
function TrackerState({ trackerId }: { trackerId: number }) {
  const api = useApi();
  const state = useQuery({
    queryKey: ['tracker/get_state', trackerId],
    queryFn: () => api.call('tracker/get_state', { tracker_id: trackerId }),
    retry: false,
  });
  const code = state.error instanceof ApiCallError ? state.error.code : undefined;
  const rows = stateRows(state.data?.state);
  let body: React.ReactNode;
  if (state.isPending) body = <p role="status">Loading state…</p>;
  else if (isMissingMethod(code) || code === Code.NotFound || code === Code.DataNotReady || (state.data && rows.length === 0))
    body = <p className="muted">No state yet</p>;
  else if (state.error) body = <ErrorText error={state.error} />;
  else {
    body = (
      <dl className="fields compact">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <section className="card-section" aria-labelledby="state-title">
      <h2 id="state-title">Last state</h2>
      {body}
    </section>
  );
}

export function TrackerCard({ id }: { id: number }) {
  const api = useApi();
  const can = useCan();
  const queryClient = useQueryClient();
  const tariffs = useTariffs();
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<RetryMessage | null>(null);
  const block = useWrite('tracker/source/update', {
    invalidate: trackerQueries,
    onSuccess: (_result, sent) =>
      setMessage({ kind: 'ok', text: sent.params.blocked ? 'Service suspended (the device and its clones are blocked).' : 'Service resumed.' }),
  });
  // One message at a time: a retry's words replace a failed block's.
  const showMessage = (next: RetryMessage) => {
    block.reset();
    setMessage(next);
  };
  const query = useQuery({
    queryKey: ['tracker/read', id],
    queryFn: () => api.call('tracker/read', { tracker_id: id }),
    retry: false,
  });
  const tracker = query.data?.value;

  const back = (
    <a href={routeHref({ screen: 'trackers' })} className="back-link">
      ← Trackers
    </a>
  );
  if (query.isPending)
    return (
      <section className="screen">
        {back}
        <p role="status">Loading tracker…</p>
      </section>
    );
  if (!tracker) {
    return (
      <section className="screen">
        {back}
        <h1>Tracker #{id}</h1>
        <ErrorText error={query.error} />
      </section>
    );
  }

  const tariff = tariffs.data?.list.find((t) => t.id === tracker.source.tariff_id);
  const corrupted = !!tracker.source.corrupted;
  const selected = { id: tracker.id, label: tracker.label, clone: tracker.clone, user_id: tracker.user_id };

  const toggleBlocked = () => {
    setMessage(null);
    block.write({ tracker_id: tracker.id, blocked: !tracker.source.blocked });
  };

  const fields: [string, React.ReactNode][] = [
    ['Tracker ID', tracker.id],
    ['Label', tracker.label],
    [
      'Owner',
      <>
        #{tracker.user_id} {tracker.owner_name}
      </>,
    ],
    [
      'Plan',
      tracker.source.tariff_id === null ? (
        'None'
      ) : (
        <>
          #{tracker.source.tariff_id} {tariff ? `${tariff.name} — ${tariff.price.toFixed(2)} (${tariff.type})` : ''}
        </>
      ),
    ],
    ['Plan paid until', tracker.source.tariff_end_date ?? '—'],
    ['Status', statusWord(tracker.source.connection_status)],
    ['Activated', tracker.creation_date],
    ['Device registered', tracker.source.creation_date],
    ['Last connection (UTC)', tracker.last_connection ?? 'Never'],
    ['Model', `${tracker.model_name} (${tracker.source.model})`],
    ['Device ID', <span className="mono">{tracker.source.device_id}</span>],
    ['Phone number', tracker.source.phone || '—'],
    ['Source ID', tracker.source.id],
    ['Clone', yesNo(tracker.clone)],
    ['Hidden', yesNo(tracker.deleted)],
    ['Service suspended', yesNo(tracker.source.blocked)],
    ['Corrupted', yesNo(corrupted)],
    ['Group ID', tracker.group_id],
    ['Dealer ID', tracker.dealer_id],
    ['Comment', tracker.comment || '—'],
  ];

  return (
    <section className="screen tracker-card" aria-labelledby="card-title">
      {back}
      <header className="screen-header">
        <h1 id="card-title">
          {tracker.label}
          {tracker.clone && <span className="badge badge-clone">clone</span>}
          {tracker.deleted && <span className="badge badge-hidden">Hidden</span>}
        </h1>
      </header>
      {corrupted && (
        <p className="warning" role="note">
          Device already corrupted: no action is possible on this tracker.
        </p>
      )}
      <div className="card-actions" role="toolbar" aria-label="Tracker actions">
        {can('tracker/settings/update') && (
          <button type="button" onClick={() => setOpen('edit')} disabled={corrupted}>
            Edit
          </button>
        )}
        {can('tracker/source/update') && (
          <button type="button" onClick={toggleBlocked} disabled={corrupted || block.busy}>
            {tracker.source.blocked ? 'Unblock' : 'Block'}
          </button>
        )}
        {can('tracker/console/connect') && (
          <button
            type="button"
            onClick={() => navigate({ screen: 'console', id: tracker.id })}
            disabled={corrupted || tracker.deleted || tracker.source.blocked}
          >
            Console
          </button>
        )}
        {!tracker.clone && can('tracker/clone') && (
          <button type="button" onClick={() => setOpen('clone')} disabled={corrupted}>
            Clone
          </button>
        )}
        {tracker.clone && can('tracker/delete_clone') && (
          <button type="button" className="danger" onClick={() => setOpen('delete')} disabled={corrupted}>
            Delete clone
          </button>
        )}
        {!tracker.clone && can('tracker/move') && (
          <button type="button" onClick={() => setOpen('move')} disabled={corrupted}>
            Move
          </button>
        )}
        {!tracker.clone && can('tracker/tariff/change') && (
          <button type="button" onClick={() => setOpen('tariff')} disabled={corrupted || tracker.deleted}>
            Change tariff
          </button>
        )}
        {can('tracker/register_retry') && retryAllowed(tracker) && <RetryActivation tracker={tracker} onMessage={showMessage} />}
        {!tracker.clone && can('tracker/corrupt') && (
          <button type="button" className="danger" onClick={() => setOpen('corrupt')} disabled={corrupted}>
            Corrupt
          </button>
        )}
      </div>
      <ErrorText error={block.error} />
      {message && (
        <p className={message.kind === 'ok' ? 'notice' : 'error-text'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
          {message.settings &&
            (can('settings/device_gateway/read') ? (
              <>
                {' '}
                <a href={routeHref({ screen: 'settings' })}>Set the public address for devices in Settings</a>
              </>
            ) : (
              ' Ask an administrator to set the public address for devices in Settings.'
            ))}
        </p>
      )}
      <div className="card-columns">
        <section className="card-section" aria-labelledby="fields-title">
          <h2 id="fields-title">Tracker</h2>
          <dl className="fields">
            {fields.map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </section>
        <TrackerState trackerId={tracker.id} />
      </div>
      {open === 'edit' && <EditTrackerDialog tracker={tracker} onClose={() => setOpen(null)} />}
      {open === 'clone' && <CloneDialog trackers={[selected]} onClose={() => setOpen(null)} />}
      {open === 'move' && <MoveDialog trackers={[selected]} onClose={() => setOpen(null)} />}
      {open === 'corrupt' && <CorruptDialog trackers={[selected]} onClose={() => setOpen(null)} />}
      {open === 'delete' && (
        <DeleteClonesDialog
          single
          clones={[selected]}
          onClose={() => {
            setOpen(null);
            // The clone is gone: its card has nothing left to show.
            if (queryClient.getQueryState(['tracker/read', id])?.status === 'error') navigate({ screen: 'trackers' });
          }}
        />
      )}
      {open === 'tariff' && <TariffChangeDialog tracker={tracker} onClose={() => setOpen(null)} />}
    </section>
  );
}
