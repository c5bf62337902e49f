import { z } from 'zod';
import { bool, MAX_PAGE_SIZE, oneOf, paging } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentUser, userOrderColumns } from '../../storage/repositories/users.js';

export default defineMethod({
  path: 'user/list',
  permissions: { users: ['read'] },
  params: z.object({
    ...paging,
    order_by: oneOf(Object.keys(userOrderColumns) as [keyof typeof userOrderColumns]).optional(),
    hide_inactive: bool().optional(),
  }),
  run({ params, dealerId, backend }) {
    const { rows, count } = backend.users.list(dealerId, {
      filter: params.filter,
      orderBy: params.order_by ?? 'id',
      ascending: params.ascending ?? true,
      offset: params.offset ?? 0,
      limit: params.limit ?? MAX_PAGE_SIZE,
      hideInactive: params.hide_inactive ?? false,
    });
    return { list: rows.map(presentUser), count };
  },
});
