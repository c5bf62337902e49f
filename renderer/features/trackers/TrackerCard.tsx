import { TrackerPosition } from '../map/TrackerPosition';
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
import { t, useT } from '../../i18n';
import { formatFixed, formatMoney, formatNumber, formatServerTime } from '../../i18n/format';
import { ChangesSection } from '../audit/ChangesSection';

type Open = 'edit' | 'clone' | 'delete' | 'move' | 'corrupt' | 'tariff' | null;

function yesNo(value: boolean): string {
  return value ? t('common.yes') : t('common.no');
}

/** The get_state object as [label, value] rows; empty when the device never reported anything. */
export function stateRows(state: TrackerStateObject | undefined): [string, string][] {
  if (!state || (!state.last_update && !state.gps.updated)) return [];
  const rows: [string, string][] = [];
  const add = (label: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== '') rows.push([label, String(value)]);
  };
  const percent = (value: number | null) => (value === null ? undefined : `${formatNumber(value)}%`);
  add(t('state.lastUpdate'), formatServerTime(state.last_update));
  add(t('state.connection'), statusWord(state.connection_status));
  add(t('state.movement'), t(`movement.${state.movement_status}`));
  const gps = state.gps;
  add(t('state.gpsUpdated'), formatServerTime(gps.updated));
  if (gps.location) add(t('state.location'), `${formatFixed(gps.location.lat, 6)}, ${formatFixed(gps.location.lng, 6)}`);
  add(t('state.speed'), t('state.speedValue', { value: formatNumber(gps.speed) }));
  add(t('state.heading'), `${formatNumber(gps.heading)}°`);
  add(t('state.altitude'), t('state.altitudeValue', { value: formatNumber(gps.alt) }));
  add(t('state.gpsSignal'), percent(gps.signal_level));
  if (state.gsm) add(t('state.gsmSignal'), percent(state.gsm.signal_level));
  add(t('state.battery'), percent(state.battery_level));
  if (state.inputs.length) add(t('state.inputs'), state.inputs.map((on) => (on ? '1' : '0')).join(' '));
  if (state.outputs.length) add(t('state.outputs'), state.outputs.map((on) => (on ? '1' : '0')).join(' '));
  return rows;
}

/** The last known state, if the server offers tracker/get_state; "No state yet" otherwise. */
function TrackerState({ trackerId }: { trackerId: number }) {
  const api = useApi();
  useT();
  const state = useQuery({
    queryKey: ['tracker/get_state', trackerId],
    queryFn: () => api.call('tracker/get_state', { tracker_id: trackerId }),
    retry: false,
  });
  const code = state.error instanceof ApiCallError ? state.error.code : undefined;
  const rows = stateRows(state.data?.state);
  let body: React.ReactNode;
  if (state.isPending) body = <p role="status">{t('state.loading')}</p>;
  else if (isMissingMethod(code) || code === Code.NotFound || code === Code.DataNotReady || (state.data && rows.length === 0))
    body = <p className="muted">{t('state.none')}</p>;
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
      <h2 id="state-title">{t('state.title')}</h2>
      {body}
    </section>
  );
}

export function TrackerCard({ id }: { id: number }) {
  const api = useApi();
  const can = useCan();
  useT();
  const queryClient = useQueryClient();
  const tariffs = useTariffs();
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<RetryMessage | null>(null);
  const block = useWrite('tracker/source/update', {
    invalidate: trackerQueries,
    onSuccess: (_result, sent) => setMessage({ kind: 'ok', text: sent.params.blocked ? t('card.suspended') : t('card.resumed') }),
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
      {t('card.back')}
    </a>
  );
  if (query.isPending)
    return (
      <section className="screen">
        {back}
        <p role="status">{t('card.loading')}</p>
      </section>
    );
  if (!tracker) {
    return (
      <section className="screen">
        {back}
        <h1>{t('card.title', { id })}</h1>
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
    [t('card.f.id'), tracker.id],
    [t('card.f.label'), tracker.label],
    [
      t('card.f.owner'),
      <>
        #{tracker.user_id} {tracker.owner_name}
      </>,
    ],
    [
      t('card.f.plan'),
      tracker.source.tariff_id === null ? (
        t('common.none')
      ) : (
        <>
          #{tracker.source.tariff_id} {tariff ? `${tariff.name} — ${formatMoney(tariff.price)} (${tariff.type})` : ''}
        </>
      ),
    ],
    [t('card.f.paidUntil'), tracker.source.tariff_end_date ? formatServerTime(tracker.source.tariff_end_date) : '—'],
    [t('card.f.status'), statusWord(tracker.source.connection_status)],
    [t('card.f.activated'), formatServerTime(tracker.creation_date)],
    [t('card.f.registered'), formatServerTime(tracker.source.creation_date)],
    [t('card.f.lastConnection'), tracker.last_connection ? formatServerTime(tracker.last_connection) : t('common.never')],
    [t('card.f.model'), `${tracker.model_name} (${tracker.source.model})`],
    [t('card.f.deviceId'), <span className="mono">{tracker.source.device_id}</span>],
    [t('card.f.phone'), tracker.source.phone || '—'],
    [t('card.f.sourceId'), tracker.source.id],
    [t('card.f.clone'), yesNo(tracker.clone)],
    [t('card.f.hidden'), yesNo(tracker.deleted)],
    [t('card.f.suspended'), yesNo(tracker.source.blocked)],
    [t('card.f.corrupted'), yesNo(corrupted)],
    [t('card.f.groupId'), tracker.group_id],
    [t('card.f.dealerId'), tracker.dealer_id],
    [t('card.f.comment'), tracker.comment || '—'],
  ];

  return (
    <section className="screen tracker-card" aria-labelledby="card-title">
      {back}
      <header className="screen-header">
        <h1 id="card-title">
          {tracker.label}
          {tracker.clone && <span className="badge badge-clone">{t('trackers.badgeClone')}</span>}
          {tracker.deleted && <span className="badge badge-hidden">{t('trackers.badgeHidden')}</span>}
        </h1>
      </header>
      {corrupted && (
        <p className="warning" role="note">
          {t('card.corrupted')}
        </p>
      )}
      <div className="card-actions" role="toolbar" aria-label={t('card.actions')}>
        {can('tracker/settings/update') && (
          <button type="button" onClick={() => setOpen('edit')} disabled={corrupted}>
            {t('card.edit')}
          </button>
        )}
        {can('tracker/source/update') && (
          <button type="button" onClick={toggleBlocked} disabled={corrupted || block.busy}>
            {tracker.source.blocked ? t('card.unblock') : t('card.block')}
          </button>
        )}
        {can('tracker/console/connect') && (
          <button
            type="button"
            onClick={() => navigate({ screen: 'console', id: tracker.id })}
            disabled={corrupted || tracker.deleted || tracker.source.blocked}
          >
            {t('card.console')}
          </button>
        )}
        {!tracker.clone && can('tracker/clone') && (
          <button type="button" onClick={() => setOpen('clone')} disabled={corrupted}>
            {t('card.clone')}
          </button>
        )}
        {tracker.clone && can('tracker/delete_clone') && (
          <button type="button" className="danger" onClick={() => setOpen('delete')} disabled={corrupted}>
            {t('card.deleteClone')}
          </button>
        )}
        {!tracker.clone && can('tracker/move') && (
          <button type="button" onClick={() => setOpen('move')} disabled={corrupted}>
            {t('card.move')}
          </button>
        )}
        {!tracker.clone && can('tracker/tariff/change') && (
          <button type="button" onClick={() => setOpen('tariff')} disabled={corrupted || tracker.deleted}>
            {t('card.changeTariff')}
          </button>
        )}
        {can('tracker/register_retry') && retryAllowed(tracker) && <RetryActivation tracker={tracker} onMessage={showMessage} />}
        {!tracker.clone && can('tracker/corrupt') && (
          <button type="button" className="danger" onClick={() => setOpen('corrupt')} disabled={corrupted}>
            {t('card.corrupt')}
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
                <a href={routeHref({ screen: 'settings' })}>{t('card.settingsLink')}</a>
              </>
            ) : (
              ` ${t('card.askAdmin')}`
            ))}
        </p>
      )}
      <div className="card-columns">
        <section className="card-section" aria-labelledby="fields-title">
          <h2 id="fields-title">{t('card.section')}</h2>
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
      <TrackerPosition tracker={tracker} />
      <ChangesSection entityType="tracker" entityId={tracker.id} />
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
