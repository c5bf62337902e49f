import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Permissions } from '../../../shared/permissions';
import { useApi, useCan } from '../../app/api-context';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { PermissionGrid } from './PermissionGrid';

interface StaffMember {
  id: number;
  login: string;
  permissions: Permissions;
  blocked: boolean;
  creation_date: string;
}

/** The Navixy "technical account" capabilities (navixy-notes §2) as a starting set. */
export const technicalAccountPermissions: Permissions = {
  trackers: ['create', 'read', 'update'],
  users: ['create', 'read', 'update'],
  tariffs: ['read'],
  transactions: ['create'],
};

function StaffDialog({ member, onClose }: { member?: StaffMember; onClose(): void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [login, setLogin] = useState(member?.login ?? '');
  const [password, setPassword] = useState('');
  const [permissions, setPermissions] = useState<Permissions>(member?.permissions ?? technicalAccountPermissions);
  const [blocked, setBlocked] = useState(member?.blocked ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      if (member) {
        const params: Record<string, unknown> = { staff_id: member.id, permissions, blocked };
        if (password) params.password = password;
        await api.call('staff/update', params);
      } else {
        await api.call('staff/create', { login: login.trim(), password, permissions });
      }
      await queryClient.invalidateQueries({ queryKey: ['staff/list'] });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={member ? `Edit staff login ${member.login}` : 'New staff login'}
      onClose={onClose}
      busy={busy}
      wide
      footer={
        <>
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" form={`${id}-form`} className="primary" disabled={busy}>
            {member ? 'Save staff login' : 'Create staff login'}
          </button>
        </>
      }
    >
      <form
        id={`${id}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
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
      <ErrorText error={error} />
    </Dialog>
  );
}

export function StaffScreen() {
  const api = useApi();
  const can = useCan();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<{ member?: StaffMember } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<StaffMember | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const query = useQuery({ queryKey: ['staff/list'], queryFn: () => api.call<{ list: StaffMember[] }>('staff/list') });

  const remove = async (member: StaffMember) => {
    setDeleteError(null);
    try {
      await api.call('staff/delete', { staff_id: member.id });
      await queryClient.invalidateQueries({ queryKey: ['staff/list'] });
      setConfirmDelete(null);
    } catch (e) {
      setDeleteError(e);
    }
  };

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
      {query.data && (
        <table className="data-table" aria-label="Staff logins">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Login</th>
              <th scope="col">Permissions</th>
              <th scope="col">Blocked</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {query.data.list.map((m) => (
              <tr key={m.id}>
                <td>{m.id}</td>
                <td>{m.login}</td>
                <td className="permissions-cell">
                  {Object.entries(m.permissions)
                    .map(([c, ops]) => `${c}: ${(ops ?? []).join(', ')}`)
                    .join('; ') || 'none'}
                </td>
                <td>{m.blocked ? 'Yes' : 'No'}</td>
                <td>{m.creation_date}</td>
                <td className="row-actions">
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.data?.list.length === 0 && <p className="empty">No staff logins yet.</p>}
      {open && <StaffDialog member={open.member} onClose={() => setOpen(null)} />}
      {confirmDelete && (
        <Dialog
          title={`Delete staff login ${confirmDelete.login}`}
          onClose={() => setConfirmDelete(null)}
          footer={
            <>
              <button type="button" onClick={() => setConfirmDelete(null)} data-autofocus>
                Cancel
              </button>
              <button type="button" className="danger" onClick={() => void remove(confirmDelete)}>
                Delete staff login
              </button>
            </>
          }
        >
          <p>The login and its sessions end now.</p>
          <ErrorText error={deleteError} />
        </Dialog>
      )}
    </section>
  );
}
