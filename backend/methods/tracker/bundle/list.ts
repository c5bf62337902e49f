import { trackerBundleList } from '../../../../shared/api/bundle.js';
import { NO_LIMIT } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';

export default defineMethod(trackerBundleList, async ({ params, dealerId, services: { bundles } }) => {
  const { rows, count } = await bundles.list(dealerId, {
    filter: params.filter,
    orderBy: params.order_by ?? 'id',
    ascending: params.ascending ?? true,
    offset: params.offset ?? 0,
    limit: params.limit ?? NO_LIMIT,
  });
  return { list: rows, count };
});
