import { NO_LIMIT } from '../../../shared/api/params.js';
import { userList } from '../../../shared/api/user.js';
import { defineMethod } from '../../api/registry.js';
import { presentUser } from '../../storage/repositories/users.js';

export default defineMethod(userList, async ({ params, dealerId, services: { users } }) => {
  const { rows, count } = await users.list(dealerId, {
    filter: params.filter,
    orderBy: params.order_by ?? 'id',
    ascending: params.ascending ?? true,
    offset: params.offset ?? 0,
    limit: params.limit ?? NO_LIMIT,
    hideInactive: params.hide_inactive ?? false,
  });
  return { list: rows.map(presentUser), count };
});
