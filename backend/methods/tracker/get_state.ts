import { trackerGetState } from '../../../shared/api/tracker.js';
import { utcDateTime } from '../../../shared/clock.js';
import { connectionStatus } from '../../../shared/connection-status.js';
import { defineMethod } from '../../api/registry.js';
import { presentState } from '../../devices/device-state.js';
import { guardTracker } from './guard.js';

/**
 * The Navixy user-API `get_state` object, for a tracker of the dealer (dates UTC). A blocked
 * tracker (by the dealer, or for non-payment) → 208, as the docs say; a corrupted one → 252.
 */
export default defineMethod(trackerGetState, async ({ params, dealerId, services: { trackers, devices, clock } }) => {
  const row = guardTracker(await trackers.find(dealerId, params.tracker_id), { blocked: 'refuse' });
  const now = clock.now();
  const status = connectionStatus({ connected: row.connected, lastConnection: row.last_connection, lastData: row.last_data }, now);
  return { user_time: utcDateTime(now), state: presentState(row.source_id, await devices.lastState(row.source_id), status, now) };
});
