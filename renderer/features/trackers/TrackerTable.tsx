import type { Tracker } from '../../../shared/entities';
import { routeHref } from '../../app/router';
import { statusWord } from './status-words';
import { useTrackersView, type TrackerSortKey } from './trackers-view';

interface Column {
  key: string;
  title: string;
  sort?: TrackerSortKey;
  cell(t: Tracker): React.ReactNode;
}

const columns: Column[] = [
  { key: 'id', title: 'ID', sort: 'id', cell: (t) => t.id },
  {
    key: 'label',
    title: 'Label',
    sort: 'label',
    cell: (t) => (
      <>
        <a href={routeHref({ screen: 'tracker', id: t.id })} aria-label={`Open tracker ${t.label}`}>
          {t.label}
        </a>
        {t.clone && <span className="badge badge-clone">clone</span>}
        {t.deleted && <span className="badge badge-hidden">Hidden</span>}
        {t.source.blocked && <span className="badge badge-blocked">Suspended</span>}
      </>
    ),
  },
  {
    key: 'status',
    title: 'Status',
    sort: 'status',
    cell: (t) => <span className={`status status-${t.source.connection_status}`}>{statusWord(t.source.connection_status)}</span>,
  },
  {
    key: 'owner',
    title: 'Owner',
    sort: 'user_id',
    cell: (t) => (
      <>
        <span className="muted">#{t.user_id}</span> {t.owner_name}
      </>
    ),
  },
  { key: 'model', title: 'Model', sort: 'model', cell: (t) => t.model_name || t.source.model },
  { key: 'device_id', title: 'Device ID', sort: 'device_id', cell: (t) => <span className="mono">{t.source.device_id}</span> },
  { key: 'phone', title: 'Phone', sort: 'phone', cell: (t) => t.source.phone || '—' },
  { key: 'last_connection', title: 'Last connection (UTC)', cell: (t) => t.last_connection ?? 'Never' },
];

export function TrackerTable({ rows, busy }: { rows: Tracker[]; busy: boolean }) {
  const view = useTrackersView();
  const selectedOnPage = rows.filter((t) => view.selected[t.id]).length;
  const allOnPage = rows.length > 0 && selectedOnPage === rows.length;

  return (
    <table className="data-table trackers-table" aria-busy={busy} aria-label="Trackers">
      <thead>
        <tr>
          <th scope="col" className="select-col">
            <input
              type="checkbox"
              aria-label="Select all trackers on this page"
              checked={allOnPage}
              ref={(el) => {
                if (el) el.indeterminate = selectedOnPage > 0 && !allOnPage;
              }}
              onChange={(e) => {
                for (const t of rows) view.toggle({ id: t.id, label: t.label, clone: t.clone, user_id: t.user_id }, e.target.checked);
              }}
            />
          </th>
          {columns.map((c) => {
            const sorted = c.sort && view.orderBy === c.sort;
            return (
              <th key={c.key} scope="col" aria-sort={sorted ? (view.ascending ? 'ascending' : 'descending') : undefined}>
                {c.sort ? (
                  <button type="button" className="sort-button" onClick={() => view.sortBy(c.sort!)} aria-label={`Sort by ${c.title}`}>
                    {c.title}
                    <span aria-hidden="true" className="sort-mark">
                      {sorted ? (view.ascending ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  c.title
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.id} className={view.selected[t.id] ? 'selected' : undefined}>
            <td className="select-col">
              <input
                type="checkbox"
                aria-label={`Select tracker ${t.label}`}
                checked={!!view.selected[t.id]}
                onChange={(e) => view.toggle({ id: t.id, label: t.label, clone: t.clone, user_id: t.user_id }, e.target.checked)}
              />
            </td>
            {columns.map((c) => (
              <td key={c.key} className={`col-${c.key}`}>
                {c.cell(t)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
