import { z } from 'zod';
import { ApiError } from '../../../api/api-error.js';
import { id } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';

/**
 * A key for the console WebSocket `/console?device=<device_id|tracker_id>&key=&timestamp=&dealer_id=`,
 * usable for CONSOLE_KEY_TTL_S seconds (backend/devices/console-keys.ts) and bound to the calling
 * session: the open console lives only as long as that session, its rights and the tracker's state
 * (backend/http/console-socket.ts).
 */
export default defineMethod({
  path: 'tracker/console/connect',
  permissions: { trackers: ['update'] },
  params: z.object({ tracker_id: id() }),
  run({ params, dealerId, session, backend }) {
    const row = backend.trackers.owned(dealerId, params.tracker_id);
    if (row.corrupted === 1) throw new ApiError(252);
    if (row.deleted === 1 || row.blocked === 1) throw new ApiError(230);
    const timestamp = Math.floor(backend.clock.now().getTime() / 1000);
    return { key: backend.consoleKeys.issue(dealerId, row.id, timestamp, session.hash), timestamp };
  },
});
