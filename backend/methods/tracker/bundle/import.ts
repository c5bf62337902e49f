import { trackerBundleImport } from '../../../../shared/api/bundle.js';
import { defineMethod } from '../../../api/registry.js';

/** Up to 10,000 bundles of one equipment, all or nothing, in one transaction. */
export default defineMethod(trackerBundleImport, async ({ params, dealerId, services: { bundles } }) => {
  await bundles.import(dealerId, params.imeis, params.equip_id, params.factory_preset);
  return {};
});
