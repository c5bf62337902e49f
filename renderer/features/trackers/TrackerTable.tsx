import { useMemo } from 'react';
import type { TrackerOrder } from '../../../shared/api/tracker-params';
import type { Tracker } from '../../../shared/entities';
import { routeHref } from '../../app/router';
import { DataTable, dataColumns, type DataSelection } from '../../ui/DataTable';
import { statusWord } from './status-words';
import { useTrackersView } from './trackers-view';

const col = dataColumns<Tracker>();
const columns = col.columns([
  col.accessor('id', { header: 'ID', meta: { sort: 'id' } }),
  col.accessor('label', {
    header: 'Label',
    meta: { sort: 'label' },
    cell: ({ row: { original: t } }) => (
      <>
        <a href={routeHref({ screen: 'tracker', id: t.id })} aria-label={`Open tracker ${t.label}`}>
          {t.label}
        </a>
        {t.clone && <span className="badge badge-clone">clone</span>}
        {t.deleted && <span className="badge badge-hidden">Hidden</span>}
        {t.source.blocked && <span className="badge badge-blocked">Suspended</span>}
      </>
    ),
  }),
  col.accessor((t) => t.source.connection_status, {
    id: 'status',
    header: 'Status',
    meta: { sort: 'status' },
    cell: ({ getValue }) => <span className={`status status-${getValue()}`}>{statusWord(getValue())}</span>,
  }),
  col.accessor('user_id', {
    id: 'owner',
    header: 'Owner',
    meta: { sort: 'user_id' },
    cell: ({ row: { original: t } }) => (
      <>
        <span className="muted">#{t.user_id}</span> {t.owner_name}
      </>
    ),
  }),
  col.accessor((t) => t.model_name || t.source.model, { id: 'model', header: 'Model', meta: { sort: 'model' } }),
  col.accessor((t) => t.source.device_id, { id: 'device_id', header: 'Device ID', meta: { sort: 'device_id', className: 'mono' } }),
  col.accessor((t) => t.source.phone || '—', { id: 'phone', header: 'Phone', meta: { sort: 'phone' } }),
  col.accessor((t) => t.last_connection ?? 'Never', { id: 'last_connection', header: 'Last connection (UTC)' }),
]);

const trackerId = (t: Tracker) => t.id;

/** The trackers page: sorted on the server, selection kept in the view store across pages. */
export function TrackerTable({ rows, busy, filter }: { rows: Tracker[]; busy: boolean; filter: string }) {
  const view = useTrackersView();
  const selectedIds = useMemo(() => Object.fromEntries(Object.keys(view.selected).map((id) => [id, true as const])), [view.selected]);
  const selection: DataSelection<Tracker> = {
    selected: selectedIds,
    onChange: (changes) => {
      for (const { row: t, selected } of changes) view.toggle({ id: t.id, label: t.label, clone: t.clone, user_id: t.user_id }, selected);
    },
    rowLabel: (t) => `Select tracker ${t.label}`,
    allLabel: 'Select all trackers on this page',
  };
  return (
    <DataTable
      label="Trackers"
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
