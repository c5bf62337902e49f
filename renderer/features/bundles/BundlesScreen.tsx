import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi, useCan } from '../../app/api-context';
import { ErrorText } from '../../ui/ErrorText';
import { Pager } from '../../ui/Pager';
import { AssignOrderDialog, AssignSimDialog, ChangeEquipmentDialog, ImportSimCardsDialog } from './BundleDialogs';
import { ImportBundlesDialog } from './ImportBundlesDialog';
import type { Bundle, SimCard } from './types';

type SortKey = 'id' | 'imei' | 'iccid' | 'order_id' | 'model_code' | 'assign_time';
type Open = { kind: 'import' } | { kind: 'sims' } | { kind: 'sim' | 'order' | 'equipment'; bundle: Bundle } | null;

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function SimCardsList() {
  const api = useApi();
  const [filter, setFilter] = useState('');
  const debounced = useDebounced(filter.trim(), 150);
  const query = useQuery({
    queryKey: ['sim_card/list', debounced],
    placeholderData: keepPreviousData,
    queryFn: () => api.call<{ list: SimCard[]; count: number }>('sim_card/list', { limit: 100, ...(debounced ? { filter: debounced } : {}) }),
  });
  return (
    <section aria-labelledby="sims-title" className="card-section">
      <h2 id="sims-title">SIM cards</h2>
      <div className="field inline">
        <label htmlFor="sim-search">Search SIM cards</label>
        <input id="sim-search" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <ErrorText error={query.error} />
      {query.data && (
        <table className="data-table" aria-label="SIM cards">
          <thead>
            <tr>
              <th scope="col">ICCID</th>
              <th scope="col">Phone</th>
              <th scope="col">APN</th>
              <th scope="col">Bundle</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {query.data.list.map((s) => (
              <tr key={s.iccid}>
                <td className="mono">{s.iccid}</td>
                <td>{s.phone ?? '—'}</td>
                <td>{s.apn ?? '—'}</td>
                <td>{s.bundle_id ?? '—'}</td>
                <td>{s.deleted ? 'Deleted' : s.blocked ? 'Blocked' : 'Active'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.data && <p className="muted">{query.data.count} SIM cards{query.data.count > 100 ? ' (first 100 shown)' : ''}</p>}
    </section>
  );
}

/** Bundles (IMEI + SIM card + equipment, shipped against orders): the admin panel's "Package contents". */
export function BundlesScreen() {
  const api = useApi();
  const can = useCan();
  const [filter, setFilter] = useState('');
  const [debounced, setDebounced] = useState('');
  const [orderBy, setOrderBy] = useState<SortKey>('id');
  const [ascending, setAscending] = useState(true);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(50);
  const [open, setOpen] = useState<Open>(null);
  // A new search starts at its first page, together with the request for it.
  useEffect(() => {
    const timer = setTimeout(() => {
      setDebounced(filter.trim());
      setPage(0);
    }, 150);
    return () => clearTimeout(timer);
  }, [filter]);
  const params = { offset: page * pageSize, limit: pageSize, order_by: orderBy, ascending, ...(debounced ? { filter: debounced } : {}) };
  const query = useQuery({
    queryKey: ['tracker/bundle/list', params],
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () => api.call<{ list: Bundle[]; count: number }>('tracker/bundle/list', params),
  });
  const canUpdate = can('tracker/bundle/assign');
  const sortHeader = (key: SortKey, title: string) => (
    <th scope="col" aria-sort={orderBy === key ? (ascending ? 'ascending' : 'descending') : undefined}>
      <button
        type="button"
        className="sort-button"
        aria-label={`Sort by ${title}`}
        onClick={() => {
          setAscending(orderBy === key ? !ascending : true);
          setOrderBy(key);
        }}
      >
        {title}
        <span aria-hidden="true" className="sort-mark">
          {orderBy === key ? (ascending ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );

  return (
    <section className="screen" aria-labelledby="bundles-title">
      <header className="screen-header">
        <h1 id="bundles-title">Bundles</h1>
        <div className="header-actions">
          {can('tracker/bundle/import') && (
            <button type="button" className="primary" onClick={() => setOpen({ kind: 'import' })}>
              Import IMEIs
            </button>
          )}
          {can('sim_card/import') && (
            <button type="button" onClick={() => setOpen({ kind: 'sims' })}>
              Add SIM cards
            </button>
          )}
        </div>
      </header>
      <div className="filters" role="search">
        <div className="field inline">
          <label htmlFor="bundle-search">Search bundles</label>
          <input id="bundle-search" type="search" value={filter} placeholder="ID, IMEI, ICCID, model" onChange={(e) => setFilter(e.target.value)} />
        </div>
      </div>
      <ErrorText error={query.error} />
      {query.data && (
        <>
          <div className="table-wrap">
            <table className="data-table" aria-label="Bundles" aria-busy={query.isFetching}>
              <thead>
                <tr>
                  {sortHeader('id', 'ID')}
                  {sortHeader('imei', 'IMEI')}
                  {sortHeader('iccid', 'ICCID')}
                  {sortHeader('order_id', 'Order')}
                  {sortHeader('model_code', 'Model')}
                  <th scope="col">Equipment</th>
                  {sortHeader('assign_time', 'SIM assigned')}
                  {canUpdate && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {query.data.list.map((b) => (
                  <tr key={b.id}>
                    <td>{b.id}</td>
                    <td className="mono">{b.imei}</td>
                    <td className="mono">{b.iccid ?? '—'}</td>
                    <td>{b.order_id ?? '—'}</td>
                    <td>{b.model_code}</td>
                    <td>{[b.equip_vendor, b.equip_name].filter(Boolean).join(' ') || b.equip_id}</td>
                    <td>{b.assign_time ?? '—'}</td>
                    {canUpdate && (
                      <td className="row-actions">
                        <button type="button" onClick={() => setOpen({ kind: 'sim', bundle: b })} aria-label={`SIM card of bundle ${b.imei}`}>
                          SIM card
                        </button>
                        <button type="button" onClick={() => setOpen({ kind: 'order', bundle: b })} aria-label={`Order of bundle ${b.imei}`}>
                          Order
                        </button>
                        <button type="button" onClick={() => setOpen({ kind: 'equipment', bundle: b })} aria-label={`Equipment of bundle ${b.imei}`}>
                          Equipment
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {query.data.list.length === 0 && <p className="empty">No bundles match.</p>}
          <Pager count={query.data.count} page={page} pageSize={pageSize} onPage={setPage} onPageSize={(n) => (setPageSize(n), setPage(0))} />
        </>
      )}
      {can('sim_card/list') && !query.error && <SimCardsList />}
      {open?.kind === 'import' && <ImportBundlesDialog onClose={() => setOpen(null)} />}
      {open?.kind === 'sims' && <ImportSimCardsDialog onClose={() => setOpen(null)} />}
      {open?.kind === 'sim' && <AssignSimDialog bundle={open.bundle} onClose={() => setOpen(null)} />}
      {open?.kind === 'order' && <AssignOrderDialog bundle={open.bundle} onClose={() => setOpen(null)} />}
      {open?.kind === 'equipment' && <ChangeEquipmentDialog bundle={open.bundle} onClose={() => setOpen(null)} />}
    </section>
  );
}
