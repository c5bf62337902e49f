import { z } from 'zod';
import { ApiError } from '../../../api/api-error.js';
import { bool, id } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';

/** Blocking acts on the source, so the original and all its clones are blocked together. */
export default defineMethod({
  path: 'tracker/source/update',
  permissions: { trackers: ['update'] },
  params: z.object({ tracker_id: id(), blocked: bool() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const row = backend.trackers.owned(dealerId, params.tracker_id);
    if (row.corrupted === 1) throw new ApiError(252);
    await backend.trackers.setBlocked(row.source_id, params.blocked);
    if (params.blocked) backend.gateway.console.recheckConsoles();
    return {};
  },
});
