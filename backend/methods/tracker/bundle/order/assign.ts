import { trackerBundleOrderAssign } from '../../../../../shared/api/bundle.js';
import { defineMethod } from '../../../../api/registry.js';

export default defineMethod(trackerBundleOrderAssign, async ({ params, dealerId, services: { bundles } }) => {
  await bundles.assignOrder(dealerId, params.bundle_id, params.order_id);
  return {};
});
