import type { Migration } from './runner.js';

/**
 * Released: do not edit. A user's tracker count (`SELECT_USER` in users.ts: `user_id = ? AND
 * deleted = 0`, read by every tracker/register for the tariff's device limit and by user/list for
 * each row) was counted through trackers_user (user_id) plus a read of every tracker row to see
 * `deleted`: the cost grew with the fleet. (user_id, deleted) answers the count from the index
 * alone, and serves every lookup by user_id the old index did, so it replaces it.
 */
export const trackersUserDeleted: Migration = {
  id: '009-trackers-user-deleted',
  statements: ['CREATE INDEX trackers_user_deleted ON trackers (user_id, deleted)', 'DROP INDEX trackers_user'],
};
