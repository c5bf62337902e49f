import { orderRead } from '../../../shared/api/order.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(orderRead, async ({ params, dealerId, services: { orders, bundles } }) => {
  const order = await orders.owned(dealerId, params.order_id);
  return { value: { ...order, bundles: await bundles.byOrder(dealerId, order.id) } };
});
