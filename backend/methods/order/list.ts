import { orderList } from '../../../shared/api/order.js';
import { NO_LIMIT } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(orderList, async ({ params, dealerId, services: { orders } }) => {
  const { rows, count } = await orders.list(dealerId, {
    filter: params.filter,
    orderBy: params.order_by ?? 'id',
    ascending: params.ascending ?? true,
    offset: params.offset ?? 0,
    limit: params.limit ?? NO_LIMIT,
  });
  return { list: rows, count };
});
