import { useQuery } from '@tanstack/react-query';
import { useApi, useCan } from '../../app/api-context';
import { userName } from '../../app/lookups';
import { routeHref } from '../../app/router';
import { ErrorText } from '../../ui/ErrorText';
import { monthOffset } from '../activity/ActivityScreen';

/** Users shown as having the lowest balances. */
const LOW_BALANCE_USERS = 5;

function Tile({ label, value, href }: { label: string; value: string | number; href?: string }) {
  const body = (
    <>
      <span className="tile-value">{value}</span>
      <span className="tile-label">{label}</span>
    </>
  );
  return <li className="tile">{href ? <a href={href}>{body}</a> : body}</li>;
}

/** The dealer's overview: dealer/get_info counts and balances, active this month vs last, the lowest balances. */
export function DashboardScreen() {
  const api = useApi();
  const can = useCan();
  const thisMonth = new Date().toISOString().slice(0, 7);
  const lastMonth = monthOffset(thisMonth, -1);
  const info = useQuery({ queryKey: ['dealer/get_info'], queryFn: () => api.call('dealer/get_info').then((r) => r.value) });
  const activity = useQuery({
    queryKey: ['tracker/active/history/list', lastMonth, thisMonth],
    enabled: can('tracker/active/history/list'),
    queryFn: () => api.call('tracker/active/history/list', { from: lastMonth, to: thisMonth }),
  });
  const low = useQuery({
    queryKey: ['user/list', 'low-balance'],
    enabled: can('user/list'),
    queryFn: () => api.call('user/list', { order_by: 'balance', ascending: true, limit: LOW_BALANCE_USERS }),
  });
  const active = (month: string) => activity.data?.list.find((m) => m.month === month)?.amount ?? 0;
  const v = info.data;
  return (
    <section className="screen" aria-labelledby="dashboard-title">
      <header className="screen-header">
        <h1 id="dashboard-title">Overview</h1>
      </header>
      <ErrorText error={info.error ?? activity.error ?? low.error} />
      {v && (
        <ul className="tiles" aria-label="Figures">
          <Tile label="Trackers" value={v.trackers_count} href={routeHref({ screen: 'trackers' })} />
          <Tile label="Clones" value={v.clones_count} href={routeHref({ screen: 'trackers' })} />
          <Tile label="Users" value={v.users_count} href={routeHref({ screen: 'users' })} />
          <Tile label={`Active this month (${thisMonth})`} value={v.active_amount} href={routeHref({ screen: 'activity' })} />
          {activity.data && <Tile label={`Active last month (${lastMonth})`} value={active(lastMonth)} href={routeHref({ screen: 'activity' })} />}
          <Tile label="Users' balances" value={v.users_balance.toFixed(2)} href={routeHref({ screen: 'users' })} />
          <Tile label="Users' bonus balances" value={v.users_bonus.toFixed(2)} href={routeHref({ screen: 'users' })} />
        </ul>
      )}
      {low.data && low.data.list.length > 0 && (
        <section className="card-section" aria-labelledby="low-balance-title">
          <h2 id="low-balance-title">Lowest balances</h2>
          <ul className="plain-list">
            {low.data.list.map((u) => (
              <li key={u.id}>
                #{u.id} {userName(u)}: {u.balance.toFixed(2)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
