import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { id, trackerLabel } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod({
  path: 'tracker/clone',
  permissions: { trackers: ['create'] },
  params: z.object({ tracker_id: id(), label: trackerLabel(), user_id: id() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const original = backend.trackers.owned(dealerId, params.tracker_id);
    if (original.clone === 1) throw new ApiError(219);
    if (original.corrupted === 1) throw new ApiError(252);
    if (params.user_id === original.user_id || !backend.users.find(dealerId, params.user_id)) throw new ApiError(246);
    return { id: await backend.trackers.clone(original, params.label, params.user_id) };
  },
});
