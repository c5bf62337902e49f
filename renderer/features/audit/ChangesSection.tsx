import { useQuery } from '@tanstack/react-query';
import type { AuditChange, AuditEntityType, AuditEntry } from '../../../shared/api/audit';
import { useApi, useCan } from '../../app/api-context';
import { ErrorText } from '../../ui/ErrorText';

/** Entries shown; the Audit screen has the whole trail. */
const SHOWN = 20;

const text = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** One change in words: `label: Truck 1 → Van` (the source's fields say so). */
export function describeChange(c: AuditChange, own: AuditEntityType): string {
  const where = c.entity_type === own ? '' : `${c.entity_type} `;
  return `${where}${c.field}: ${text(c.before)} → ${text(c.after)}`;
}

function entryWords(e: AuditEntry): string {
  if (e.result_code === 13) return 'Refused (no permission)';
  return e.result_code === 0 ? 'Done' : `Refused (${e.result_code})`;
}

/**
 * "Changes": the audit entries that touched one entity (a tracker on its card, a user in its
 * dialog), newest first, each with its fields before and after. Shown only with `audit: read`.
 */
export function ChangesSection({ entityType, entityId }: { entityType: AuditEntityType; entityId: number }) {
  const api = useApi();
  const can = useCan();
  const allowed = can('audit/log/list');
  const params = { from: '2000-01-01 00:00:00', to: '2999-12-31 23:59:59', entity_type: entityType, entity_id: entityId, limit: SHOWN };
  const query = useQuery({ queryKey: ['audit/log/list', params], enabled: allowed, queryFn: () => api.call('audit/log/list', params) });
  if (!allowed) return null;
  const titleId = `changes-${entityType}-${entityId}`;
  return (
    <section className="card-section changes" aria-labelledby={titleId}>
      <h2 id={titleId}>Changes</h2>
      <ErrorText error={query.error} />
      {query.data && query.data.list.length === 0 && <p className="empty">No recorded changes.</p>}
      {query.data && query.data.list.length > 0 && (
        <table aria-label={`Changes of ${entityType} ${entityId}`}>
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">What changed</th>
            </tr>
          </thead>
          <tbody>
            {query.data.list.map((e) => (
              <tr key={e.id}>
                <td>{e.time}</td>
                <td>
                  {e.login} ({e.account_type})
                </td>
                <td>{e.action}</td>
                <td>
                  {e.changes.length === 0 ? (
                    entryWords(e)
                  ) : (
                    <ul>
                      {e.changes.map((c) => (
                        <li key={`${c.entity_type}:${c.entity_id}:${c.field}`}>{describeChange(c, entityType)}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.data && query.data.count > SHOWN && (
        <p>
          The {SHOWN} newest of {query.data.count} entries; the Audit screen lists them all.
        </p>
      )}
    </section>
  );
}
