import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { auditEntityTypes, type AuditEntry, type AuditEntityType } from '../../../shared/api/audit';
import { useApi, useCan } from '../../app/api-context';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { ErrorText } from '../../ui/ErrorText';
import { Pager } from '../../ui/Pager';
import { describeChange } from './ChangesSection';

const col = dataColumns<AuditEntry>();
const entryId = (e: AuditEntry) => e.id;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** The audit trail (audit/log/list): who did what, when and from where, filtered and paged on the server. */
export function AuditScreen() {
  const api = useApi();
  const can = useCan();
  const [from, setFrom] = useState(daysAgo(7));
  const [to, setTo] = useState(today());
  /** A staff member's account id, `admin` (the administrator's rows) or empty (everyone). */
  const [accountId, setAccountId] = useState('');
  const [action, setAction] = useState('');
  const [entityType, setEntityType] = useState<AuditEntityType | ''>('');
  const [entityId, setEntityId] = useState('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(50);
  const [open, setOpen] = useState<AuditEntry | null>(null);

  const staff = useQuery({ queryKey: ['staff/list'], queryFn: () => api.call('staff/list'), enabled: can('staff/list') });
  const params = {
    from: `${from} 00:00:00`,
    to: `${to} 23:59:59`,
    offset: page * pageSize,
    limit: pageSize,
    ...(accountId === 'admin' ? { account_type: 'administrator' as const } : accountId ? { account_id: Number(accountId) } : {}),
    ...(action.trim() ? { action: action.trim() } : {}),
    ...(entityType ? { entity_type: entityType } : {}),
    ...(entityType && /^\d+$/.test(entityId) ? { entity_id: Number(entityId) } : {}),
  };
  const query = useQuery({ queryKey: ['audit/log/list', params], placeholderData: keepPreviousData, queryFn: () => api.call('audit/log/list', params) });
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => (set(v), setPage(0));

  const columns = useMemo(
    () =>
      col.columns([
        col.accessor('time', { header: 'Time (UTC)' }),
        col.accessor((e) => `${e.login} (${e.account_type})`, { id: 'who', header: 'Who' }),
        col.accessor('action', { header: 'Action' }),
        col.accessor((e) => e.entities.map((x) => `${x.type} ${x.id}`).join(', '), { id: 'entities', header: 'Entities' }),
        col.accessor((e) => (e.transport === 'http' ? `HTTP ${e.remote_address ?? ''}` : 'Desktop'), { id: 'from', header: 'From' }),
        col.accessor((e) => (e.result_code === 0 ? 'Done' : `Refused (${e.result_code})`), { id: 'result', header: 'Result' }),
        col.display({
          id: 'details',
          header: 'Details',
          meta: { className: 'row-actions' },
          cell: ({ row: { original: e } }) => (
            <button
              type="button"
              aria-expanded={open?.id === e.id}
              onClick={() => setOpen(open?.id === e.id ? null : e)}
              aria-label={`${open?.id === e.id ? 'Hide' : 'Show'} details of entry ${e.id}`}
            >
              {open?.id === e.id ? 'Hide' : 'Show'}
            </button>
          ),
        }),
      ]),
    [open],
  );

  return (
    <section className="screen" aria-labelledby="audit-title">
      <header className="screen-header">
        <h1 id="audit-title">Audit</h1>
      </header>
      <div className="filters" role="search">
        <div className="field inline">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" type="date" value={from} onChange={(e) => filter(setFrom)(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" type="date" value={to} onChange={(e) => filter(setTo)(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="audit-account">Staff member</label>
          <select id="audit-account" value={accountId} onChange={(e) => filter(setAccountId)(e.target.value)}>
            <option value="">Everyone</option>
            <option value="admin">Administrator</option>
            {staff.data?.list.map((m) => (
              <option key={m.id} value={m.id}>
                {m.login}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" type="search" placeholder="tracker/move" value={action} onChange={(e) => filter(setAction)(e.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor="audit-entity-type">Entity</label>
          <select id="audit-entity-type" value={entityType} onChange={(e) => filter(setEntityType)(e.target.value as AuditEntityType | '')}>
            <option value="">Any</option>
            {auditEntityTypes.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="audit-entity-id">Entity ID</label>
          <input id="audit-entity-id" inputMode="numeric" value={entityId} disabled={!entityType} onChange={(e) => filter(setEntityId)(e.target.value)} />
        </div>
      </div>
      <ErrorText error={query.error} />
      {query.data && (
        <>
          <DataTable label="Audit entries" columns={columns} rows={query.data.list} rowId={entryId} busy={query.isFetching} />
          {query.data.list.length === 0 && <p className="empty">No audit entries in this period.</p>}
          <Pager count={query.data.count} page={page} pageSize={pageSize} onPage={setPage} onPageSize={(n) => (setPageSize(n), setPage(0))} />
        </>
      )}
      {open && (
        <section aria-label={`Entry ${open.id}`} className="audit-details">
          <h2>
            {open.action} at {open.time} by {open.login}
          </h2>
          {open.changes.length > 0 && (
            <>
              <p>Changed:</p>
              <ul aria-label="Changed fields">
                {open.changes.map((c) => (
                  <li key={`${c.entity_type}:${c.entity_id}:${c.field}`}>
                    {c.entity_type} {c.entity_id} {describeChange(c, c.entity_type as AuditEntityType)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>Parameters (passwords, hashes and keys removed):</p>
          <pre>{JSON.stringify(open.params, null, 2)}</pre>
        </section>
      )}
    </section>
  );
}
