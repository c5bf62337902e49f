import { trackerBundleUpdate } from '../../../../shared/api/bundle.js';
import { defineMethod } from '../../../api/registry.js';

export default defineMethod(trackerBundleUpdate, async ({ params, dealerId, services: { bundles } }) => {
  await bundles.setEquipment(dealerId, params.bundle_id, params.equip_id);
  return {};
});
