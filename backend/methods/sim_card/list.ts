import { z } from 'zod';
import { MAX_PAGE_SIZE, oneOf, paging } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentSimCard, SimCards, simCardOrderColumns, type SimCardOrderKey } from '../../storage/repositories/sim-cards.js';

/** Not a Navixy panel method. `filter`: substring of iccid, phone or apn; `order_by` iccid (default), phone, apn, bundle_id. */
export default defineMethod({
  path: 'sim_card/list',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({
    ...paging,
    order_by: oneOf(Object.keys(simCardOrderColumns) as [SimCardOrderKey, ...SimCardOrderKey[]]).optional(),
  }),
  run({ params, dealerId, backend }) {
    const { rows, count } = new SimCards(backend.store, backend.clock).list(dealerId, {
      filter: params.filter,
      orderBy: params.order_by ?? 'iccid',
      ascending: params.ascending ?? true,
      offset: params.offset ?? 0,
      limit: params.limit ?? MAX_PAGE_SIZE,
    });
    return { list: rows.map(presentSimCard), count };
  },
});
