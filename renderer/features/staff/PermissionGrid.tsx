import { adminOnlyCategories, permissionCatalogue, type Permissions } from '../../../shared/permissions';

const catalogue = permissionCatalogue as Record<string, readonly string[]>;
export const staffCategories = Object.keys(catalogue).filter((c) => !adminOnlyCategories.has(c));
const operations = [...new Set(staffCategories.flatMap((c) => catalogue[c]!))];

export function togglePermission(permissions: Permissions, category: string, op: string, on: boolean): Permissions {
  const current = new Set(permissions[category] ?? []);
  if (on) current.add(op);
  else current.delete(op);
  const next = { ...permissions };
  if (current.size) next[category] = catalogue[category]!.filter((o) => current.has(o));
  else delete next[category];
  return next;
}

/** Categories × operations; a checkbox where the catalogue has the pair. Staff never get `staff` or `billing`. */
export function PermissionGrid({ value, onChange, disabled }: { value: Permissions; onChange(next: Permissions): void; disabled?: boolean }) {
  return (
    <table className="permission-grid">
      <caption>Permissions</caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          {operations.map((op) => (
            <th scope="col" key={op}>
              {op}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {staffCategories.map((category) => (
          <tr key={category}>
            <th scope="row">{category}</th>
            {operations.map((op) => (
              <td key={op}>
                {catalogue[category]!.includes(op) && (
                  <input
                    type="checkbox"
                    aria-label={`${category}: ${op}`}
                    checked={value[category]?.includes(op) ?? false}
                    disabled={disabled}
                    onChange={(e) => onChange(togglePermission(value, category, op, e.target.checked))}
                  />
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
