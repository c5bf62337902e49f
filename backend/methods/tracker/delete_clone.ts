import { trackerDeleteClone } from '../../../shared/api/tracker.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { guardTracker } from './guard.js';

export default defineMethod(trackerDeleteClone, async ({ params, dealerId, services: { trackers } }) => {
  const row = guardTracker(await trackers.find(dealerId, params.tracker_id), { clones: 'require' });
  const linked = await trackers.associations(row.id);
  if (linked.rules.length) throw new ApiError(Code.DeleteEntityAssociated, { rules: linked.rules });
  if (linked.vehicles.length) throw new ApiError(Code.DeleteEntityAssociated, { vehicles: linked.vehicles });
  const outcome = await trackers.deleteClones(dealerId, [row.id]);
  // Another request may have removed it between the checks and the write.
  if (!outcome.deleted.length) throw new ApiError(Code.NotFound);
  return {};
});
