import { z } from 'zod';
import { id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { Bundles, presentBundle } from '../../storage/repositories/bundles.js';
import { Orders, presentOrder } from '../../storage/repositories/orders.js';

/** The order with its bundles. 201 if the dealer has no such order. */
export default defineMethod({
  path: 'order/read',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({ order_id: id() }),
  run({ params, dealerId, backend }) {
    const row = new Orders(backend.store, backend.clock).owned(dealerId, params.order_id);
    const bundles = new Bundles(backend.store, backend.clock).byOrder(dealerId, row.id).map(presentBundle);
    return { value: presentOrder(row, bundles) };
  },
});
