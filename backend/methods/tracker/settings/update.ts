import { trackerSettingsUpdate } from '../../../../shared/api/tracker.js';
import { defineMethod } from '../../../api/registry.js';
import { guardTracker } from '../guard.js';

export default defineMethod(trackerSettingsUpdate, async ({ params, dealerId, services: { trackers } }) => {
  const row = guardTracker(await trackers.find(dealerId, params.tracker_id));
  await trackers.updateSettings(row.id, { label: params.label, deleted: params.deleted, comment: params.comment });
  return {};
});
