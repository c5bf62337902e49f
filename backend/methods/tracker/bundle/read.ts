import { z } from 'zod';
import { ApiError } from '../../../api/api-error.js';
import { defineMethod } from '../../../api/registry.js';
import { Bundles, presentBundle } from '../../../storage/repositories/bundles.js';
import { imei } from './bundle-params.js';

/** The bundle with this IMEI (an integer, as the spec-era doc types it, or a string). 201 if the dealer has none. */
export default defineMethod({
  path: 'tracker/bundle/read',
  permissions: { tracker_bundles: ['read'] },
  params: z.object({ imei: imei() }),
  run({ params, dealerId, backend }) {
    const row = new Bundles(backend.store, backend.clock).findByImei(dealerId, params.imei);
    if (!row) throw new ApiError(201);
    return { value: presentBundle(row) };
  },
});
