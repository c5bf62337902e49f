import { trackerBundleAssign } from '../../../../shared/api/bundle.js';
import { defineMethod } from '../../../api/registry.js';

/** Puts a SIM card into the bundle, or takes it out (no, null or empty `iccid`); the checks are the repository's. */
export default defineMethod(trackerBundleAssign, async ({ params, dealerId, services: { bundles } }) => {
  await bundles.assignSimCard(dealerId, params.bundle_id, params.iccid ?? null);
  return {};
});
