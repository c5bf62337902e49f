import type { Migration } from '../migrations/runner.js';
import { trackersUserDeleted } from '../migrations/009-trackers-user-deleted.js';

/** Released: do not edit. 009-trackers-user-deleted: its statements are portable SQL, run as they are. */
export const pgTrackersUserDeleted: Migration = { id: '009-trackers-user-deleted', statements: trackersUserDeleted.statements };
