import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ActiveMonth } from '../../../shared/api/billing';
import { useApi } from '../../app/api-context';
import { routeHref } from '../../app/router';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { ErrorText } from '../../ui/ErrorText';

type ActiveTracker = ActiveMonth['trackers'][number];

const monthColumn = dataColumns<ActiveMonth>();
const monthColumns = monthColumn.columns([monthColumn.accessor('month', { header: 'Month' }), monthColumn.accessor('amount', { header: 'Active trackers' })]);
const monthId = (m: ActiveMonth) => m.month;

const drillColumn = dataColumns<ActiveTracker>();
const drillColumns = drillColumn.columns([
  drillColumn.accessor('tracker_id', {
    header: 'Tracker',
    cell: ({ getValue }) => <a href={routeHref({ screen: 'tracker', id: getValue() })}>#{getValue()}</a>,
  }),
  drillColumn.accessor('label', { header: 'Label' }),
  drillColumn.accessor('user_id', { header: 'Owner ID' }),
  drillColumn.accessor('device_id', { header: 'Device ID', meta: { className: 'mono' } }),
]);
const drillId = (t: ActiveTracker) => t.tracker_id;

export function monthOffset(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

/** Plain SVG bars: one per month, the height is the number of active trackers. */
export function ActivityChart({ months, selected, onSelect }: { months: ActiveMonth[]; selected: string | null; onSelect(month: string): void }) {
  const max = Math.max(1, ...months.map((m) => m.amount));
  const barWidth = 48;
  const gap = 16;
  const height = 180;
  const width = Math.max(1, months.length) * (barWidth + gap) + gap;
  return (
    <svg
      className="activity-chart"
      role="img"
      aria-label="Active trackers per month"
      viewBox={`0 0 ${width} ${height + 40}`}
      width="100%"
      height={height + 40}
      preserveAspectRatio="xMinYMin meet"
    >
      <line x1={0} x2={width} y1={height} y2={height} className="axis" />
      {months.map((m, i) => {
        const h = Math.round((m.amount / max) * (height - 20));
        const x = gap + i * (barWidth + gap);
        return (
          <g key={m.month} onClick={() => onSelect(m.month)} className={m.month === selected ? 'bar selected' : 'bar'}>
            <title>{`${m.month}: ${m.amount} active trackers`}</title>
            <rect x={x} y={height - h} width={barWidth} height={h} rx={3} />
            <text x={x + barWidth / 2} y={height - h - 4} textAnchor="middle" className="bar-value">
              {m.amount}
            </text>
            <text x={x + barWidth / 2} y={height + 16} textAnchor="middle" className="bar-label">
              {m.month}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** tracker/active/history/list: trackers counted as active per month, with a drill-down. */
export function ActivityScreen() {
  const api = useApi();
  const thisMonth = new Date().toISOString().slice(0, 7);
  const [from, setFrom] = useState(monthOffset(thisMonth, -5));
  const [to, setTo] = useState(thisMonth);
  const [selected, setSelected] = useState<string | null>(null);
  const valid = /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to) && from <= to;
  const query = useQuery({
    queryKey: ['tracker/active/history/list', from, to],
    enabled: valid,
    retry: false,
    queryFn: () => api.call('tracker/active/history/list', { from, to }),
  });
  const months = query.data?.list ?? [];
  const drill = months.find((m) => m.month === selected);
  const columns = useMemo(
    () => [
      ...monthColumns,
      monthColumn.display({
        id: 'details',
        header: 'Details',
        cell: ({ row: { original: m } }) => (
          <button type="button" onClick={() => setSelected(m.month)} aria-pressed={m.month === selected}>
            Show trackers of {m.month}
          </button>
        ),
      }),
    ],
    [selected],
  );

  return (
    <section className="screen" aria-labelledby="activity-title">
      <header className="screen-header">
        <h1 id="activity-title">Activity</h1>
      </header>
      <div className="filters">
        <div className="field inline">
          <label htmlFor="activity-from">From month</label>
          <input id="activity-from" type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="activity-to">To month</label>
          <input id="activity-to" type="month" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        {!valid && <p className="field-problem">Pick a start month not after the end month.</p>}
      </div>
      <ErrorText error={query.error} />
      {query.data && months.length === 0 && <p className="empty">No activity in these months.</p>}
      {query.data && months.length > 0 && (
        <>
          <ActivityChart months={months} selected={selected} onSelect={setSelected} />
          <DataTable
            label="Active trackers per month"
            columns={columns}
            rows={months}
            rowId={monthId}
            rowClassName={(m) => (m.month === selected ? 'selected' : undefined)}
          />
        </>
      )}
      {drill && (
        <section className="card-section" aria-labelledby="drill-title">
          <h2 id="drill-title">
            Active in {drill.month}: {drill.amount}
          </h2>
          <DataTable columns={drillColumns} rows={drill.trackers} rowId={drillId} />
        </section>
      )}
    </section>
  );
}
