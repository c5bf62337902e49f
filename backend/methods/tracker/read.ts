import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentTracker } from '../../storage/repositories/tracker-object.js';

export default defineMethod({
  path: 'tracker/read',
  permissions: { trackers: ['read'] },
  params: z.object({ tracker_id: id() }),
  run({ params, dealerId, backend }) {
    const row = backend.trackers.owned(dealerId, params.tracker_id);
    if (row.corrupted === 1) throw new ApiError(252);
    const owner = backend.users.names(dealerId, [row.user_id]).get(row.user_id) ?? '';
    return { value: presentTracker(row, owner, backend.clock.now()) };
  },
});
