import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import type { LegalType, User } from '../../../shared/entities';
import { useWrite } from '../../api/use-write';
import { useApi, useCan } from '../../app/api-context';
import { useTariffs, userName } from '../../app/lookups';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { DialogFooter } from '../../ui/DialogFooter';
import { MoneyDialog } from './MoneyDialog';
import { ShowTrackersButton } from '../trackers/ShowTrackersButton';
import { ErrorText } from '../../ui/ErrorText';
import { ExportButtons } from '../../ui/ExportButtons';
import { Pager } from '../../ui/Pager';
import { userExport } from '../exports';
import { ChangesSection } from '../audit/ChangesSection';

const legalTypes: [LegalType, string][] = [
  ['individual', 'Individual'],
  ['legal_entity', 'Legal entity'],
  ['sole_trader', 'Sole trader'],
];

const col = dataColumns<User>();
const userColumns = col.columns([
  col.accessor('id', { header: 'ID' }),
  col.accessor((u) => userName(u), { id: 'name', header: 'Name' }),
  col.accessor('login', { header: 'Login' }),
  col.accessor((u) => legalTypes.find(([v]) => v === u.legal_type)?.[1] ?? u.legal_type, { id: 'legal_type', header: 'Legal type' }),
  col.accessor((u) => u.balance.toFixed(2), { id: 'balance', header: 'Balance' }),
  col.accessor('trackers_count', { header: 'Trackers' }),
]);
const userId = (u: User) => u.id;

/** Create (no `user`) or edit a user: the fields the flows need; legal type is fixed after creation. */
function UserDialog({ user, onClose }: { user?: User; onClose(): void }) {
  const tariffs = useTariffs();
  const id = useId();
  const [form, setForm] = useState({
    login: user?.login ?? '',
    first_name: user?.first_name ?? '',
    last_name: user?.last_name ?? '',
    legal_name: user?.legal_name ?? '',
    legal_type: (user?.legal_type ?? 'individual') as LegalType,
    phone: user?.phone ?? '',
    default_tariff_id: user?.default_tariff_id ?? null,
    activated: user?.activated ?? true,
    password: '',
  });
  const { busy, error, write } = useWrite(user ? 'user/update' : 'user/create', { invalidate: [['user/list']], onSuccess: onClose });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });

  const save = () => {
    const fields = {
      login: form.login.trim(),
      first_name: form.first_name,
      last_name: form.last_name,
      legal_name: form.legal_name,
      phone: form.phone,
      default_tariff_id: form.default_tariff_id,
      activated: form.activated,
    };
    if (user) write({ user: { id: user.id, ...fields } });
    else write({ user: { ...fields, legal_type: form.legal_type }, password: form.password });
  };

  const field = (key: 'login' | 'first_name' | 'last_name' | 'legal_name' | 'phone', label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type={type}
        value={form[key]}
        onChange={(e) => set({ [key]: e.target.value })}
        data-autofocus={key === 'login' ? true : undefined}
      />
    </div>
  );

  return (
    <Dialog
      title={user ? `Edit user #${user.id}` : 'New user'}
      onClose={onClose}
      busy={busy}
      footer={<DialogFooter action={user ? 'Save user' : 'Create user'} form={`${id}-form`} onClose={onClose} busy={busy} error={error} />}
    >
      <form
        id={`${id}-form`}
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {field('login', 'Login (email)', 'email')}
        {!user && (
          <div className="field">
            <label htmlFor={`${id}-password`}>Password (6 to 20 characters)</label>
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => set({ password: e.target.value })}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-legal`}>Legal type</label>
          <select id={`${id}-legal`} value={form.legal_type} disabled={!!user} onChange={(e) => set({ legal_type: e.target.value as LegalType })}>
            {legalTypes.map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        {field('first_name', 'First name')}
        {field('last_name', 'Last name')}
        {field('legal_name', 'Legal name')}
        {field('phone', 'Phone (10 to 15 digits)', 'tel')}
        <div className="field">
          <label htmlFor={`${id}-tariff`}>Default tracker plan</label>
          <select
            id={`${id}-tariff`}
            value={form.default_tariff_id ?? ''}
            onChange={(e) => set({ default_tariff_id: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">None (the dealer's default)</option>
            {tariffs.data?.list
              .filter((t) => t.device_type === 'tracker')
              .map((t) => (
                <option key={t.id} value={t.id}>
                  #{t.id} {t.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field checkbox">
          <input id={`${id}-activated`} type="checkbox" checked={form.activated} onChange={(e) => set({ activated: e.target.checked })} />
          <label htmlFor={`${id}-activated`}>Activated</label>
        </div>
      </form>
      {user && <ChangesSection entityType="user" entityId={user.id} />}
    </Dialog>
  );
}

export function UsersScreen() {
  const api = useApi();
  const can = useCan();
  const [filter, setFilter] = useState('');
  const [debounced, setDebounced] = useState('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(50);
  const [open, setOpen] = useState<{ user?: User } | null>(null);
  const [money, setMoney] = useState<User | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      setDebounced(filter.trim());
      setPage(0);
    }, 150);
    return () => clearTimeout(timer);
  }, [filter]);
  const columns = useMemo(
    () => [
      ...userColumns,
      col.display({
        id: 'actions',
        header: 'Actions',
        meta: { className: 'row-actions' },
        cell: ({ row: { original: u } }) => (
          <>
            {can('user/update') && (
              <button type="button" onClick={() => setOpen({ user: u })} aria-label={`Edit user ${userName(u)}`}>
                Edit
              </button>
            )}
            {can('user/transaction/list') && (
              <button type="button" onClick={() => setMoney(u)} aria-label={`Money of ${userName(u)}`}>
                Money
              </button>
            )}
            {can('tracker/list') && <ShowTrackersButton filter={{ userId: u.id }} label={`Trackers of ${userName(u)}`} />}
          </>
        ),
      }),
    ],
    [can],
  );
  const params = { offset: page * pageSize, limit: pageSize, ...(debounced ? { filter: debounced } : {}) };
  const query = useQuery({
    queryKey: ['user/list', params],
    placeholderData: keepPreviousData,
    queryFn: () => api.call('user/list', params),
  });

  return (
    <section className="screen" aria-labelledby="users-title">
      <header className="screen-header">
        <h1 id="users-title">Users</h1>
        {can('user/create') && (
          <button type="button" className="primary" onClick={() => setOpen({})}>
            New user
          </button>
        )}
      </header>
      <div className="filters" role="search">
        <div className="field inline">
          <label htmlFor="user-search">Search users</label>
          <input id="user-search" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <ExportButtons
          name="users"
          sheet="Users"
          columns={userExport}
          rows={() => api.call('user/list', debounced ? { filter: debounced } : {}).then((r) => r.list)}
          disabled={!query.data?.count}
        />
      </div>
      <ErrorText error={query.error} />
      {query.data && (
        <>
          <DataTable label="Users" columns={columns} rows={query.data.list} rowId={userId} />
          <Pager count={query.data.count} page={page} pageSize={pageSize} onPage={setPage} onPageSize={(n) => (setPageSize(n), setPage(0))} />
        </>
      )}
      {money && <MoneyDialog user={money} onClose={() => setMoney(null)} />}
      {open && <UserDialog user={open.user} onClose={() => setOpen(null)} />}
    </section>
  );
}
