import { trackerCorrupt } from '../../../shared/api/tracker.js';
import { defineMethod } from '../../api/registry.js';
import { guardTracker } from './guard.js';

/**
 * 201 → 219 → 252 (the guard), then clones: with `corrupt_clones` (default true, as the later docs
 * say) they are marked deleted with the tracker; with false they are refused, 253 with their ids.
 */
export default defineMethod(trackerCorrupt, async ({ params, dealerId, services: { trackers, devices } }) => {
  const tracker = guardTracker(await trackers.find(dealerId, params.tracker_id), { clones: 'refuse' });
  const movedTo = await trackers.corrupt(tracker, { withClones: params.corrupt_clones ?? true });
  devices.recheckConsoles();
  await devices.moveTrackingDataAside(tracker.source_id, movedTo);
  return {};
});
