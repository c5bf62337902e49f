import { z } from 'zod';
import { id, nullable } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';
import { Bundles } from '../../../storage/repositories/bundles.js';
import { iccid } from './bundle-params.js';

/**
 * Puts the dealer's SIM card with this ICCID into the bundle; without `iccid` (or with null or an
 * empty value) takes the bundle's SIM card out. Errors: 201 bundle, 226 no such SIM card,
 * 250 SIM card deleted, 208 SIM card blocked, 247 the bundle already holds this SIM card,
 * 223 another bundle holds it (`bundle_id` names that bundle).
 */
export default defineMethod({
  path: 'tracker/bundle/assign',
  permissions: { tracker_bundles: ['update'] },
  params: z.object({ bundle_id: id(), iccid: nullable(iccid()).optional() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    await new Bundles(backend.store, backend.clock).assignSimCard(dealerId, params.bundle_id, params.iccid ?? null);
    return {};
  },
});
