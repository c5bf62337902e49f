import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../app/api-context';
import { routeHref } from '../../app/router';
import { ErrorText } from '../../ui/ErrorText';

interface ActiveMonth {
  month: string;
  amount: number;
  trackers: { tracker_id: number; user_id: number; label: string; device_id: string }[];
}

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
    <svg className="activity-chart" role="img" aria-label="Active trackers per month" viewBox={`0 0 ${width} ${height + 40}`} width="100%" height={height + 40} preserveAspectRatio="xMinYMin meet">
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
    queryFn: () => api.call<{ list: ActiveMonth[] }>('tracker/active/history/list', { from, to }),
  });
  const months = query.data?.list ?? [];
  const drill = months.find((m) => m.month === selected);

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
          <table className="data-table" aria-label="Active trackers per month">
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Active trackers</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month} className={m.month === selected ? 'selected' : undefined}>
                  <td>{m.month}</td>
                  <td>{m.amount}</td>
                  <td>
                    <button type="button" onClick={() => setSelected(m.month)} aria-pressed={m.month === selected}>
                      Show trackers of {m.month}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {drill && (
        <section className="card-section" aria-labelledby="drill-title">
          <h2 id="drill-title">
            Active in {drill.month}: {drill.amount}
          </h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Tracker</th>
                <th scope="col">Label</th>
                <th scope="col">Owner ID</th>
                <th scope="col">Device ID</th>
              </tr>
            </thead>
            <tbody>
              {drill.trackers.map((t) => (
                <tr key={t.tracker_id}>
                  <td>
                    <a href={routeHref({ screen: 'tracker', id: t.tracker_id })}>#{t.tracker_id}</a>
                  </td>
                  <td>{t.label}</td>
                  <td>{t.user_id}</td>
                  <td className="mono">{t.device_id}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
