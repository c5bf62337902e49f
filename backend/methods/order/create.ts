import { z } from 'zod';
import { decimal, id, int, nullable, object, text } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { Orders } from '../../storage/repositories/orders.js';

const line = () => text(0, 255);

/**
 * Not a Navixy panel method: creates an equipment order (type `equip`, status `created`, seller =
 * the dealer) that bundles can then be shipped against with tracker/bundle/order/assign.
 * 204 if `user_id` is not one of the dealer's users.
 */
export default defineMethod({
  path: 'order/create',
  permissions: { tracker_bundles: ['create'] },
  params: z.object({
    order: object({
      user_id: nullable(id()).optional(),
      amount: int(1, 1_000_000).optional(),
      sum: decimal(0, 1_000_000_000)
        .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'At most 2 decimal places')
        .optional(),
      payer: line().optional(),
      recipient: line().optional(),
      contacts: line().optional(),
      place: line().optional(),
      comment: text(0, 3000).optional(),
    }),
  }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const o = params.order;
    const id = await new Orders(backend.store, backend.clock).create(dealerId, {
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
  },
});
