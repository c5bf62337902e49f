import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { StaffMember } from '../../../shared/api/staff';
import type { Permissions } from '../../../shared/permissions';
import { useWrite } from '../../api/use-write';
import { useApi, useCan } from '../../app/api-context';
import { DataTable, dataColumns } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { DialogFooter } from '../../ui/DialogFooter';
import { ErrorText } from '../../ui/ErrorText';
import { PermissionGrid } from './PermissionGrid';

/** The Navixy "technical account" capabilities (docs/navixy-api-facts.md §3.4) as a starting set. */
export const technicalAccountPermissions: Permissions = {
  trackers: ['create', 'read', 'update'],
  users: ['create', 'read', 'update'],
  tariffs: ['read'],
  transactions: ['create'],
};

const staffQueries = [['staff/list']] as const;

const col = dataColumns<StaffMember>();
const staffColumns = col.columns([
  col.accessor('id', { header: 'ID' }),
  col.accessor('login', { header: 'Login' }),
  col.accessor(
    (m) =>
      Object.entries(m.permissions)
        .map(([c, ops]) => `${c}: ${(ops ?? []).join(', ')}`)
        .join('; ') || 'none',
    { id: 'permissions', header: 'Permissions', meta: { className: 'permissions-cell' } },
  ),
  col.accessor((m) => (m.blocked ? 'Yes' : 'No'), { id: 'blocked', header: 'Blocked' }),
  col.accessor('creation_date', { header: 'Created' }),
]);
const staffId = (m: StaffMember) => m.id;

function StaffDialog({ member, onClose }: { member?: StaffMember; onClose(): void }) {
  const id = useId();
  const [login, setLogin] = useState(member?.login ?? '');
  const [password, setPassword] = useState('');
  const [permissions, setPermissions] = useState<Permissions>(member?.permissions ?? technicalAccountPermissions);
  const [blocked, setBlocked] = useState(member?.blocked ?? false);
  const { busy, error, write } = useWrite(member ? 'staff/update' : 'staff/create', { invalidate: staffQueries, onSuccess: onClose });

  const save = () => {
    if (member) write({ staff_id: member.id, permissions, blocked, ...(password ? { password } : {}) });
    else write({ login: login.trim(), password, permissions });
  };

  return (
    <Dialog
      title={member ? `Edit staff login ${member.login}` : 'New staff login'}
      onClose={onClose}
      busy={busy}
      wide
      footer={<DialogFooter action={member ? 'Save staff login' : 'Create staff login'} form={`${id}-form`} onClose={onClose} busy={busy} error={error} />}
    >
      <form
        id={`${id}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-login`}>Login</label>
            <input id={`${id}-login`} value={login} disabled={!!member} onChange={(e) => setLogin(e.target.value)} autoComplete="off" data-autofocus />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{member ? 'New password (leave empty to keep)' : 'Password (at least 8 characters)'}</label>
            <input id={`${id}-password`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          {member && (
            <div className="field checkbox">
              <input id={`${id}-blocked`} type="checkbox" checked={blocked} onChange={(e) => setBlocked(e.target.checked)} />
              <label htmlFor={`${id}-blocked`}>Blocked (ends the staff member's sessions)</label>
            </div>
          )}
        </div>
        <PermissionGrid value={permissions} onChange={setPermissions} />
      </form>
    </Dialog>
  );
}

function DeleteStaffDialog({ member, onClose }: { member: StaffMember; onClose(): void }) {
  const { busy, error, write } = useWrite('staff/delete', { invalidate: staffQueries, onSuccess: onClose });
  return (
    <Dialog
      title={`Delete staff login ${member.login}`}
      onClose={onClose}
      busy={busy}
      footer={
        <DialogFooter
          action="Delete staff login"
          kind="danger"
          cancelFirst
          onAction={() => write({ staff_id: member.id })}
          onClose={onClose}
          busy={busy}
          error={error}
        />
      }
    >
      <p>The login and its sessions end now.</p>
    </Dialog>
  );
}

export function StaffScreen() {
  const api = useApi();
  const can = useCan();
  const [open, setOpen] = useState<{ member?: StaffMember } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<StaffMember | null>(null);
  const query = useQuery({ queryKey: ['staff/list'], queryFn: () => api.call('staff/list') });
  const columns = useMemo(
    () => [
      ...staffColumns,
      col.display({
        id: 'actions',
        header: 'Actions',
        meta: { className: 'row-actions' },
        cell: ({ row: { original: m } }) => (
          <>
            {can('staff/update') && (
              <button type="button" onClick={() => setOpen({ member: m })} aria-label={`Edit staff login ${m.login}`}>
                Edit
              </button>
            )}
            {can('staff/delete') && (
              <button type="button" className="danger" onClick={() => setConfirmDelete(m)} aria-label={`Delete staff login ${m.login}`}>
                Delete
              </button>
            )}
          </>
        ),
      }),
    ],
    [can],
  );

  return (
    <section className="screen" aria-labelledby="staff-title">
      <header className="screen-header">
        <h1 id="staff-title">Staff</h1>
        {can('staff/create') && (
          <button type="button" className="primary" onClick={() => setOpen({})}>
            New staff login
          </button>
        )}
      </header>
      <ErrorText error={query.error} />
      {query.data && <DataTable label="Staff logins" columns={columns} rows={query.data.list} rowId={staffId} />}
      {query.data?.list.length === 0 && <p className="empty">No staff logins yet.</p>}
      {open && <StaffDialog member={open.member} onClose={() => setOpen(null)} />}
      {confirmDelete && <DeleteStaffDialog member={confirmDelete} onClose={() => setConfirmDelete(null)} />}
    </section>
  );
}
