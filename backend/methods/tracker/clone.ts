import { trackerClone } from '../../../shared/api/tracker.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { guardTracker } from './guard.js';

export default defineMethod(trackerClone, async ({ params, dealerId, services: { trackers, users } }) => {
  const original = guardTracker(await trackers.find(dealerId, params.tracker_id), { clones: 'refuse' });
  if (params.user_id === original.user_id || !(await users.find(dealerId, params.user_id))) throw new ApiError(Code.InvalidUserId);
  return { id: await trackers.clone(original, params.label, params.user_id) };
});
