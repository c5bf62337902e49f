import { z } from 'zod';
import { id, nullable } from '../../../../../shared/api/params.js';
import { defineMethod } from '../../../../api/registry.js';
import { Bundles } from '../../../../storage/repositories/bundles.js';

/**
 * Ships a bundle against one of the dealer's orders; `order_id: null` (or an empty value) takes it
 * off its order. `order_id` must be given. 201 bundle, 204 order.
 */
export default defineMethod({
  path: 'tracker/bundle/order/assign',
  permissions: { tracker_bundles: ['update'] },
  params: z.object({ bundle_id: id(), order_id: nullable(id()) }),
  writes: true,
  async run({ params, dealerId, backend }) {
    await new Bundles(backend.store, backend.clock).assignOrder(dealerId, params.bundle_id, params.order_id);
    return {};
  },
});
