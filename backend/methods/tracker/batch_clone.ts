import { trackerBatchClone } from '../../../shared/api/tracker.js';
import { Code, type ErrorCode } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import type { TrackerRow } from '../../storage/repositories/tracker-rows.js';

/**
 * All or nothing: the first kind of refusal found over the whole list (201, 219, 252, then the
 * user: 246, then 247 in the repository's transaction) answers with every tracker id it applies to.
 */
export default defineMethod(trackerBatchClone, async ({ params, dealerId, services: { trackers, users } }) => {
  const rows = await Promise.all(params.trackers.map(async (id) => ({ id, row: await trackers.find(dealerId, id) })));
  const refuse = (code: ErrorCode, test: (row: TrackerRow | undefined) => boolean) => {
    const list = rows.filter(({ row }) => test(row)).map(({ id }) => id);
    if (list.length) throw new ApiError(code, { list });
  };
  refuse(Code.NotFound, (row) => !row);
  refuse(Code.NotAllowedForClones, (row) => !!row?.clone);
  refuse(Code.DeviceCorrupted, (row) => !!row?.corrupted);
  if (!(await users.find(dealerId, params.user_id))) throw new ApiError(Code.InvalidUserId);
  refuse(Code.InvalidUserId, (row) => row?.user_id === params.user_id);
  const originals = rows.map(({ row }) => row as TrackerRow);
  return trackers.cloneMany(originals, params.user_id, params.ignore_existing ?? false);
});
