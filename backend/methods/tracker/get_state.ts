import { z } from 'zod';
import { connectionStatus } from '../../../shared/connection-status.js';
import { utcDateTime } from '../../../shared/clock.js';
import { ApiError } from '../../api/api-error.js';
import { id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentState } from '../../devices/device-state.js';

/** The Navixy user-API `get_state` object, for a tracker of the dealer (dates UTC). */
export default defineMethod({
  path: 'tracker/get_state',
  permissions: { trackers: ['read'] },
  params: z.object({ tracker_id: id() }),
  run({ params, dealerId, backend }) {
    const row = backend.trackers.owned(dealerId, params.tracker_id);
    if (row.corrupted === 1) throw new ApiError(252);
    const now = backend.clock.now();
    const status = connectionStatus({ connected: row.connected === 1, lastConnection: row.last_connection, lastData: row.last_data }, now);
    return { user_time: utcDateTime(now), state: presentState(row.source_id, backend.gateway.lastState(row.source_id), status, now) };
  },
});
