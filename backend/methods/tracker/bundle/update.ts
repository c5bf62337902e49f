import { z } from 'zod';
import { id } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';
import { Bundles } from '../../../storage/repositories/bundles.js';

/** Assigns equipment to a bundle (its model_code follows). 201 bundle, 204 equipment. */
export default defineMethod({
  path: 'tracker/bundle/update',
  permissions: { tracker_bundles: ['update'] },
  params: z.object({ bundle_id: id(), equip_id: id() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    await new Bundles(backend.store, backend.clock).setEquipment(dealerId, params.bundle_id, params.equip_id);
    return {};
  },
});
