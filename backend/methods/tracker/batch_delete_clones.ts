import { trackerBatchDeleteClones } from '../../../shared/api/tracker.js';
import { defineMethod } from '../../api/registry.js';

/** Succeeds even when some ids cannot be deleted; those come back with the reason. */
export default defineMethod(trackerBatchDeleteClones, async ({ params, dealerId, services: { trackers } }) => {
  const { deleted, failed } = await trackers.deleteClones(dealerId, params.trackers);
  return { deleted_count: deleted.length, not_deleted_count: failed.length, ...(failed.length ? { not_deleted_trackers: failed } : {}) };
});
