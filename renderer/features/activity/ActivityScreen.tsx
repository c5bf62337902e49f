import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ActiveMonth } from '../../../shared/api/billing';
import { useApi } from '../../app/api-context';
import { routeHref } from '../../app/router';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { ErrorText } from '../../ui/ErrorText';
import { ExportButtons } from '../../ui/ExportButtons';
import { activityExport } from '../exports';

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

/** Every month from `from` to `to`, each with its answer or 0 active trackers: a zero month is shown, not skipped. */
export function fillMonths(from: string, to: string, list: readonly ActiveMonth[]): ActiveMonth[] {
  const byMonth = new Map(list.map((m) => [m.month, m]));
  const out: ActiveMonth[] = [];
  for (let month = from; month <= to && out.length < 240; month = monthOffset(month, 1)) {
    out.push(byMonth.get(month) ?? { month, amount: 0, trackers: [] });
  }
  return out;
}

/** Round steps for the value axis: 0 and up to 4 more ticks, whole numbers. */
export function axisTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

/** SVG bars, one per month (zero months too), a value axis with ticks and a tooltip per bar. */
export function ActivityChart({ months, selected, onSelect }: { months: ActiveMonth[]; selected: string | null; onSelect(month: string): void }) {
  const ticks = axisTicks(Math.max(0, ...months.map((m) => m.amount)));
  const top = ticks[ticks.length - 1]!;
  const barWidth = 48;
  const gap = 16;
  const height = 180;
  const left = 44;
  const width = left + Math.max(1, months.length) * (barWidth + gap) + gap;
  const y = (v: number) => height - Math.round((v / top) * (height - 20));
  return (
    <svg
      className="activity-chart"
      role="img"
      aria-label={`Active trackers per month: ${months.map((m) => `${m.month} ${m.amount}`).join(', ')}`}
      viewBox={`0 0 ${width} ${height + 40}`}
      width="100%"
      height={height + 40}
      preserveAspectRatio="xMinYMin meet"
    >
      {ticks.map((v) => (
        <g key={v} className="tick">
          <line x1={left} x2={width} y1={y(v)} y2={y(v)} className={v === 0 ? 'axis' : 'grid'} />
          <text x={left - 6} y={y(v) + 4} textAnchor="end" className="bar-label">
            {v}
          </text>
        </g>
      ))}
      <line x1={left} x2={left} y1={y(top)} y2={height} className="axis" />
      {months.map((m, i) => {
        const h = height - y(m.amount);
        const x = left + gap + i * (barWidth + gap);
        return (
          <g key={m.month} onClick={() => onSelect(m.month)} className={m.month === selected ? 'bar selected' : 'bar'} data-month={m.month}>
            <title>{`${m.month}: ${m.amount} active trackers`}</title>
            {/* A transparent full-height target, so a zero month has a tooltip and can be clicked. */}
            <rect x={x} y={y(top)} width={barWidth} height={height - y(top)} className="bar-hit" />
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
  const months = useMemo(() => (query.data ? fillMonths(from, to, query.data.list) : []), [query.data, from, to]);
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
        <ExportButtons name="activity" sheet="Activity" columns={activityExport} rows={() => Promise.resolve(months)} disabled={!query.data} />
      </div>
      <ErrorText error={query.error} />
      {query.data && query.data.list.every((m) => m.amount === 0) && <p className="empty">No activity in these months.</p>}
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
