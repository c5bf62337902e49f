import { z } from 'zod';
import { ApiError } from '../../../api/api-error.js';
import { bool, id, trackerComment, trackerLabel } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';

/** Each of label, deleted and comment may be left out; at least one must be given. */
export default defineMethod({
  path: 'tracker/settings/update',
  permissions: { trackers: ['update'] },
  params: z
    .object({ tracker_id: id(), label: trackerLabel().optional(), deleted: bool().optional(), comment: trackerComment().optional() })
    .refine((p) => p.label !== undefined || p.deleted !== undefined || p.comment !== undefined, {
      message: 'Give at least one of label, deleted, comment',
      path: ['label'],
    }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const row = backend.trackers.owned(dealerId, params.tracker_id);
    if (row.corrupted === 1) throw new ApiError(252);
    await backend.trackers.updateSettings(row.id, { label: params.label, deleted: params.deleted, comment: params.comment });
    return {};
  },
});
