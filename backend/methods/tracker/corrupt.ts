import { trackerCorrupt } from '../../../shared/api/tracker.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { guardTracker } from './guard.js';

/** Spec-era behaviour: a tracker with clones is refused with 253 and the clone ids. */
export default defineMethod(trackerCorrupt, async ({ params, dealerId, services: { trackers, devices } }) => {
  const tracker = guardTracker(await trackers.find(dealerId, params.tracker_id), { clones: 'refuse' });
  const clones = await trackers.clonesOf(tracker.source_id);
  if (clones.length) throw new ApiError(Code.DeviceHasClones, { list: clones });
  const movedTo = await trackers.corrupt(tracker);
  devices.recheckConsoles();
  await devices.moveTrackingDataAside(tracker.source_id, movedTo);
  return {};
});
