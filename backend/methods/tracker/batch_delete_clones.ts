import { z } from 'zod';
import { array, id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';

/** Succeeds even when some ids cannot be deleted; those come back with the reason. */
export default defineMethod({
  path: 'tracker/batch_delete_clones',
  permissions: { trackers: ['delete'] },
  params: z.object({ trackers: array(id(), 1000).refine((ids) => ids.length > 0, 'Must not be empty') }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const { deleted, failed } = await backend.trackers.deleteClones(dealerId, params.trackers);
    const result: Record<string, unknown> = { deleted_count: deleted.length, not_deleted_count: failed.length };
    if (failed.length) result.not_deleted_trackers = failed;
    return result;
  },
});
