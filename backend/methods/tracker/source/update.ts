import { trackerSourceUpdate } from '../../../../shared/api/tracker.js';
import { defineMethod } from '../../../api/registry.js';
import { guardTracker } from '../guard.js';

/** Blocking acts on the source, so the original and all its clones are blocked together. */
export default defineMethod(trackerSourceUpdate, async ({ params, dealerId, services: { trackers, devices } }) => {
  const row = guardTracker(await trackers.find(dealerId, params.tracker_id));
  await trackers.setBlocked(row.source_id, params.blocked);
  if (params.blocked) devices.recheckConsoles();
  return {};
});
