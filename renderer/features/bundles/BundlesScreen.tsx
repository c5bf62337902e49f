import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Bundle } from '../../../shared/api/bundle';
import type { BundleOrderKey } from '../../../shared/api/bundle-params';
import type { SimCard } from '../../../shared/api/sim-card';
import { useApi, useCan } from '../../app/api-context';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { ErrorText } from '../../ui/ErrorText';
import { Pager } from '../../ui/Pager';
import { AssignOrderDialog, AssignSimDialog, ChangeEquipmentDialog, ImportSimCardsDialog } from './BundleDialogs';
import { ImportBundlesDialog } from './ImportBundlesDialog';

type Open = { kind: 'import' } | { kind: 'sims' } | { kind: 'sim' | 'order' | 'equipment'; bundle: Bundle } | null;

const simColumn = dataColumns<SimCard>();
const simColumns = simColumn.columns([
  simColumn.accessor('iccid', { header: 'ICCID', meta: { className: 'mono' } }),
  simColumn.accessor((s) => s.phone ?? '—', { id: 'phone', header: 'Phone' }),
  simColumn.accessor((s) => s.apn ?? '—', { id: 'apn', header: 'APN' }),
  simColumn.accessor((s) => s.bundle_id ?? '—', { id: 'bundle', header: 'Bundle' }),
  simColumn.accessor((s) => (s.deleted ? 'Deleted' : s.blocked ? 'Blocked' : 'Active'), { id: 'state', header: 'State' }),
]);
const simId = (s: SimCard) => s.iccid;

const bundleColumn = dataColumns<Bundle>();
const bundleColumns = bundleColumn.columns([
  bundleColumn.accessor('id', { header: 'ID', meta: { sort: 'id' } }),
  bundleColumn.accessor('imei', { header: 'IMEI', meta: { sort: 'imei', className: 'mono' } }),
  bundleColumn.accessor((b) => b.iccid ?? '—', { id: 'iccid', header: 'ICCID', meta: { sort: 'iccid', className: 'mono' } }),
  bundleColumn.accessor((b) => b.order_id ?? '—', { id: 'order_id', header: 'Order', meta: { sort: 'order_id' } }),
  bundleColumn.accessor('model_code', { header: 'Model', meta: { sort: 'model_code' } }),
  bundleColumn.accessor((b) => [b.equip_vendor, b.equip_name].filter(Boolean).join(' ') || b.equip_id, { id: 'equipment', header: 'Equipment' }),
  bundleColumn.accessor((b) => b.assign_time ?? '—', { id: 'assign_time', header: 'SIM assigned', meta: { sort: 'assign_time' } }),
]);
const bundleId = (b: Bundle) => b.id;

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
    queryFn: () => api.call('sim_card/list', { limit: 100, ...(debounced ? { filter: debounced } : {}) }),
  });
  return (
    <section aria-labelledby="sims-title" className="card-section">
      <h2 id="sims-title">SIM cards</h2>
      <div className="field inline">
        <label htmlFor="sim-search">Search SIM cards</label>
        <input id="sim-search" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <ErrorText error={query.error} />
      {query.data && <DataTable label="SIM cards" columns={simColumns} rows={query.data.list} rowId={simId} />}
      {query.data && (
        <p className="muted">
          {query.data.count} SIM cards{query.data.count > 100 ? ' (first 100 shown)' : ''}
        </p>
      )}
    </section>
  );
}

/** Bundles (IMEI + SIM card + equipment, shipped against orders): the admin panel's "Package contents". */
export function BundlesScreen() {
  const api = useApi();
  const can = useCan();
  const [filter, setFilter] = useState('');
  const [debounced, setDebounced] = useState('');
  const [orderBy, setOrderBy] = useState<BundleOrderKey>('id');
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
    queryFn: () => api.call('tracker/bundle/list', params),
  });
  const canUpdate = can('tracker/bundle/assign');
  const columns = useMemo(
    () =>
      canUpdate
        ? [
            ...bundleColumns,
            bundleColumn.display({
              id: 'actions',
              header: 'Actions',
              meta: { className: 'row-actions' },
              cell: ({ row: { original: b } }) => (
                <>
                  <button type="button" onClick={() => setOpen({ kind: 'sim', bundle: b })} aria-label={`SIM card of bundle ${b.imei}`}>
                    SIM card
                  </button>
                  <button type="button" onClick={() => setOpen({ kind: 'order', bundle: b })} aria-label={`Order of bundle ${b.imei}`}>
                    Order
                  </button>
                  <button type="button" onClick={() => setOpen({ kind: 'equipment', bundle: b })} aria-label={`Equipment of bundle ${b.imei}`}>
                    Equipment
                  </button>
                </>
              ),
            }),
          ]
        : bundleColumns,
    [canUpdate],
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
          <DataTable
            label="Bundles"
            columns={columns}
            rows={query.data.list}
            rowId={bundleId}
            busy={query.isFetching}
            sort={{
              orderBy,
              ascending,
              onSort: (key, up) => {
                setOrderBy(key as BundleOrderKey);
                setAscending(up);
              },
            }}
          />
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
