import { trackerBundleRead } from '../../../../shared/api/bundle.js';
import { Code } from '../../../../shared/errors.js';
import { ApiError } from '../../../api/api-error.js';
import { defineMethod } from '../../../api/registry.js';

export default defineMethod(trackerBundleRead, async ({ params, dealerId, services: { bundles } }) => {
  const bundle = await bundles.findByImei(dealerId, params.imei);
  if (!bundle) throw new ApiError(Code.NotFound);
  return { value: bundle };
});
