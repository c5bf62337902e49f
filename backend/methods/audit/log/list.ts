import { auditLogList } from '../../../../shared/api/audit.js';
import { NO_LIMIT } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';

/** audit/log/list: the caller's dealer's audit rows, newest first, filtered and paged. */
export default defineMethod(auditLogList, async ({ params, dealerId, services: { audit } }) => {
  const { rows, count } = await audit.list(dealerId, {
    from: params.from,
    to: params.to,
    accountId: params.account_id,
    accountType: params.account_type,
    action: params.action,
    entityType: params.entity_type,
    entityId: params.entity_id,
    offset: params.offset ?? 0,
    limit: params.limit ?? NO_LIMIT,
  });
  return { list: rows, count };
});
