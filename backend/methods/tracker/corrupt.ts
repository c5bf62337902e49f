import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';

/** Spec-era behaviour: a tracker with clones is refused with 253 and the clone ids. */
export default defineMethod({
  path: 'tracker/corrupt',
  permissions: { trackers: ['corrupt'] },
  params: z.object({ tracker_id: id() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const tracker = backend.trackers.owned(dealerId, params.tracker_id);
    if (tracker.clone === 1) throw new ApiError(219);
    if (tracker.corrupted === 1) throw new ApiError(252);
    const clones = backend.trackers.clonesOf(tracker.source_id);
    if (clones.length) throw new ApiError(253, { list: clones });
    const movedTo = await backend.trackers.corrupt(tracker);
    backend.gateway.console.recheckConsoles();
    await backend.moveTrackingDataAside(tracker.source_id, movedTo);
    return {};
  },
});
