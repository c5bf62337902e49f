import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { id } from '../../api/params.js';
import { defineMethod } from '../../api/registry.js';

/** The tracker is unbound from every rule (and vehicle) of its former owner; its clones stay where they are. */
export default defineMethod({
  path: 'tracker/move',
  permissions: { trackers: ['create', 'delete'] },
  params: z.object({ tracker_id: id(), user_id: id() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const tracker = backend.trackers.owned(dealerId, params.tracker_id);
    if (tracker.clone === 1) throw new ApiError(219);
    if (tracker.corrupted === 1) throw new ApiError(252);
    if (params.user_id === tracker.user_id || !backend.users.find(dealerId, params.user_id)) throw new ApiError(246);
    await backend.trackers.move(tracker, params.user_id);
    // The console belonged to the former owner's tracker: open ones close.
    backend.gateway.console.recheckConsoles();
    return {};
  },
});
