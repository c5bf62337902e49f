import { z } from 'zod';
import { MAX_PAGE_SIZE, oneOf, paging } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { orderOrderColumns, Orders, presentOrder, type OrderOrderKey } from '../../storage/repositories/orders.js';

/**
 * Not a Navixy panel method. Orders without their `bundles` (`bundles_count` tells how many).
 * `filter`: substring of id, user_id, payer, recipient, contacts, place, comment or status.
 */
export default defineMethod({
  path: 'order/list',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({
    ...paging,
    order_by: oneOf(Object.keys(orderOrderColumns) as [OrderOrderKey, ...OrderOrderKey[]]).optional(),
  }),
  run({ params, dealerId, backend }) {
    const { rows, count } = new Orders(backend.store, backend.clock).list(dealerId, {
      filter: params.filter,
      orderBy: params.order_by ?? 'id',
      ascending: params.ascending ?? true,
      offset: params.offset ?? 0,
      limit: params.limit ?? MAX_PAGE_SIZE,
    });
    return { list: rows.map((row) => presentOrder(row)), count };
  },
});
