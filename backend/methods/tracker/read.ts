import { trackerRead } from '../../../shared/api/tracker.js';
import { defineMethod } from '../../api/registry.js';
import { presentTracker } from '../../storage/repositories/tracker-object.js';
import { guardTracker } from './guard.js';

export default defineMethod(trackerRead, async ({ params, dealerId, services: { trackers, users, clock } }) => {
  const row = guardTracker(await trackers.find(dealerId, params.tracker_id));
  const owner = (await users.names(dealerId, [row.user_id])).get(row.user_id) ?? '';
  return { value: presentTracker(row, owner, clock.now()) };
});
