import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod({
  path: 'tracker/delete_clone',
  permissions: { trackers: ['delete'] },
  params: z.object({ tracker_id: id() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const row = backend.trackers.owned(dealerId, params.tracker_id);
    if (row.clone !== 1) throw new ApiError(249);
    if (row.corrupted === 1) throw new ApiError(252);
    const linked = backend.trackers.associations(row.id);
    if (linked.rules.length) throw new ApiError(203, { rules: linked.rules });
    if (linked.vehicles.length) throw new ApiError(203, { vehicles: linked.vehicles });
    const outcome = await backend.trackers.deleteClones(dealerId, [row.id]);
    // Another request may have removed it between the checks and the write.
    if (!outcome.deleted.length) throw new ApiError(201);
    return {};
  },
});
