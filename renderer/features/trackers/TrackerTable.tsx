import { useMemo } from 'react';
import type { TrackerOrder } from '../../../shared/api/tracker-params';
import type { Tracker } from '../../../shared/entities';
import { routeHref } from '../../app/router';
import { useT } from '../../i18n';
import { formatServerTime } from '../../i18n/format';
import { DataTable, dataColumns, type DataSelection } from '../../ui/DataTable';
import { statusWord } from './status-words';
import { useTrackersView } from './trackers-view';

const col = dataColumns<Tracker>();
type T = ReturnType<typeof useT>;

/** The columns in the current language (rebuilt when it changes). */
const trackerColumns = (t: T) =>
  col.columns([
    col.accessor('id', { header: t('trackers.col.id'), meta: { sort: 'id' } }),
    col.accessor('label', {
      header: t('trackers.col.label'),
      meta: { sort: 'label' },
      cell: ({ row: { original: tr } }) => (
        <>
          <a href={routeHref({ screen: 'tracker', id: tr.id })} aria-label={t('trackers.open', { label: tr.label })}>
            {tr.label}
          </a>
          {tr.clone && <span className="badge badge-clone">{t('trackers.badgeClone')}</span>}
          {tr.deleted && <span className="badge badge-hidden">{t('trackers.badgeHidden')}</span>}
          {tr.source.blocked && <span className="badge badge-blocked">{t('trackers.badgeSuspended')}</span>}
        </>
      ),
    }),
    col.accessor((t) => t.source.connection_status, {
      id: 'status',
      header: t('trackers.col.status'),
      meta: { sort: 'status' },
      cell: ({ getValue }) => <span className={`status status-${getValue()}`}>{statusWord(getValue())}</span>,
    }),
    col.accessor('user_id', {
      id: 'owner',
      header: t('trackers.col.owner'),
      meta: { sort: 'user_id' },
      cell: ({ row: { original: tr } }) => (
        <>
          <span className="muted">#{tr.user_id}</span> {tr.owner_name}
        </>
      ),
    }),
    col.accessor((tr) => tr.model_name || tr.source.model, { id: 'model', header: t('trackers.col.model'), meta: { sort: 'model' } }),
    col.accessor((tr) => tr.source.device_id, { id: 'device_id', header: t('trackers.col.deviceId'), meta: { sort: 'device_id', className: 'mono' } }),
    col.accessor((tr) => tr.source.phone || '—', { id: 'phone', header: t('trackers.col.phone'), meta: { sort: 'phone' } }),
    col.accessor((tr) => (tr.last_connection ? formatServerTime(tr.last_connection) : t('common.never')), {
      id: 'last_connection',
      header: t('trackers.col.lastConnection'),
    }),
  ]);

const trackerId = (t: Tracker) => t.id;

/** The trackers page: sorted on the server, selection kept in the view store across pages. */
export function TrackerTable({ rows, busy, filter }: { rows: Tracker[]; busy: boolean; filter: string }) {
  const view = useTrackersView();
  const t = useT();
  const columns = useMemo(() => trackerColumns(t), [t]);
  const selectedIds = useMemo(() => Object.fromEntries(Object.keys(view.selected).map((id) => [id, true as const])), [view.selected]);
  const selection: DataSelection<Tracker> = {
    selected: selectedIds,
    onChange: (changes) => {
      for (const { row: t, selected } of changes) view.toggle({ id: t.id, label: t.label, clone: t.clone, user_id: t.user_id }, selected);
    },
    rowLabel: (tr) => t('trackers.select', { label: tr.label }),
    allLabel: t('trackers.selectAll'),
  };
  return (
    <DataTable
      label={t('trackers.title')}
      className="trackers-table"
      columns={columns}
      rows={rows}
      rowId={trackerId}
      busy={busy}
      sort={{
        orderBy: view.orderBy,
        ascending: view.ascending,
        onSort: (orderBy, ascending) => view.set({ orderBy: orderBy as TrackerOrder, ascending, page: 0 }),
      }}
      selection={selection}
      // data-filter: the filter the shown rows answer (tests wait on it)
      wrapProps={{ 'data-filter': filter }}
    />
  );
}
