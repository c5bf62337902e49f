import { orderCreate } from '../../../shared/api/order.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(orderCreate, async ({ params, dealerId, services: { orders } }) => {
  const o = params.order;
  const id = await orders.create(dealerId, {
    user_id: o.user_id ?? null,
    amount: o.amount ?? 1,
    sum: o.sum ?? 0,
    payer: o.payer ?? '',
    recipient: o.recipient ?? '',
    contacts: o.contacts ?? '',
    place: o.place ?? '',
    comment: o.comment ?? '',
  });
  return { id };
});
