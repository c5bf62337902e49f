import { trackerConsoleConnect } from '../../../../shared/api/tracker.js';
import { Code } from '../../../../shared/errors.js';
import { ApiError } from '../../../api/api-error.js';
import { defineMethod } from '../../../api/registry.js';
import { guardTracker } from '../guard.js';

/** A console key bound to the calling session (see the spec); 230 for a hidden or blocked tracker (guard.ts). */
export default defineMethod(trackerConsoleConnect, async ({ params, dealerId, session, services: { trackers, consoleKeys, clock } }) => {
  const row = guardTracker(await trackers.find(dealerId, params.tracker_id));
  if (row.deleted || row.blocked) throw new ApiError(Code.NotSupportedForEntityType);
  const timestamp = Math.floor(clock.now().getTime() / 1000);
  return { key: consoleKeys.issue(dealerId, row.id, timestamp, session.hash), timestamp };
});
