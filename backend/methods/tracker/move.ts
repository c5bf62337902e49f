import { trackerMove } from '../../../shared/api/tracker.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { guardTracker } from './guard.js';

/** The tracker is unbound from every rule (and vehicle) of its former owner; its clones stay where they are. */
export default defineMethod(trackerMove, async ({ params, dealerId, services: { trackers, users, devices } }) => {
  const tracker = guardTracker(await trackers.find(dealerId, params.tracker_id), { clones: 'refuse' });
  if (params.user_id === tracker.user_id || !(await users.find(dealerId, params.user_id))) throw new ApiError(Code.InvalidUserId);
  await trackers.move(tracker, params.user_id);
  // The console belonged to the former owner's tracker: open ones close.
  devices.recheckConsoles();
  return {};
});
