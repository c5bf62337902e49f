import { useEffect, useId, useState } from 'react';
import { useUserOptions, userName } from '../app/lookups';

/** Pick one user: a search box narrowing a list box (server-side filter), keyboard friendly. */
export function UserPicker({
  label,
  value,
  onChange,
  exclude,
}: {
  label: string;
  value: number | null;
  onChange(id: number | null): void;
  exclude?: number[];
}) {
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search.trim()), 200);
    return () => clearTimeout(timer);
  }, [search]);
  const users = useUserOptions(debounced);
  const id = useId();
  const options = (users.data?.list ?? []).filter((u) => !exclude?.includes(u.id));
  return (
    <div className="field user-picker">
      <label htmlFor={`${id}-search`}>{label}: search</label>
      <input id={`${id}-search`} type="search" value={search} placeholder="Name, login or ID" onChange={(e) => setSearch(e.target.value)} />
      <label htmlFor={`${id}-select`} className="visually-hidden">
        {label}
      </label>
      <select
        id={`${id}-select`}
        size={Math.min(6, Math.max(2, options.length))}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
      >
        {options.map((u) => (
          <option key={u.id} value={u.id}>
            #{u.id} {userName(u)} ({u.login})
          </option>
        ))}
      </select>
      {users.isError && (
        <p className="error-text" role="alert">
          {(users.error as Error).message}
        </p>
      )}
      {!users.isLoading && options.length === 0 && <p className="hint">No users match.</p>}
    </div>
  );
}
