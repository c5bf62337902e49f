import { z } from 'zod';
import { MAX_PAGE_SIZE, oneOf, paging } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';
import { bundleOrderColumns, Bundles, presentBundle, type BundleOrderKey } from '../../../storage/repositories/bundles.js';

/**
 * `filter`: case-insensitive substring of id, imei, model_code, iccid or assign_time.
 * `order_by`: the original documented values (id, model_code, imei, iccid, assign_time, order_id).
 * `clones_filter` is documented here by a copy-paste from tracker/list: accepted and ignored
 * (bundles have no clones).
 */
export default defineMethod({
  path: 'tracker/bundle/list',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({
    ...paging,
    order_by: oneOf(Object.keys(bundleOrderColumns) as [BundleOrderKey, ...BundleOrderKey[]]).optional(),
    clones_filter: oneOf(['not_set', 'exclude_clones', 'only_include_clones', 'include_clones_only']).optional(),
  }),
  run({ params, dealerId, backend }) {
    const { rows, count } = new Bundles(backend.store, backend.clock).list(dealerId, {
      filter: params.filter,
      orderBy: params.order_by ?? 'id',
      ascending: params.ascending ?? true,
      offset: params.offset ?? 0,
      limit: params.limit ?? MAX_PAGE_SIZE,
    });
    return { list: rows.map(presentBundle), count };
  },
});
