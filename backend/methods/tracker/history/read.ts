import { trackerHistoryRead, type TrackerHistoryRecord } from '../../../../shared/api/tracker.js';
import { HISTORY_PAGE_MAX, parseUtcDateTime } from '../../../../shared/api/tracker-params.js';
import { Code } from '../../../../shared/errors.js';
import { ApiError } from '../../../api/api-error.js';
import { defineMethod } from '../../../api/registry.js';
import { guardTracker } from '../guard.js';

/** The longest span one request may read (the Navixy maxReportTimeSpan). */
const MAX_SPAN_MS = 120 * 24 * 3600 * 1000;

const utcText = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/**
 * A tracker's stored records (server receive time in [from, to]), oldest first. When `next_from`
 * is present there may be more: ask again with it as `from`.
 */
export default defineMethod(trackerHistoryRead, async ({ params, dealerId, services: { trackers, devices } }) => {
  const row = guardTracker(await trackers.find(dealerId, params.tracker_id));
  const from = parseUtcDateTime(params.from);
  const to = parseUtcDateTime(params.to);
  if (to - from > MAX_SPAN_MS) throw new ApiError(Code.TimeSpanTooBig);
  const limit = params.limit ?? HISTORY_PAGE_MAX;
  const records = await devices.history(row.source_id, from, to, limit + 1);
  const list: TrackerHistoryRecord[] = records
    .slice(0, limit)
    .map((r) => ({ kind: r.kind, received: utcText(r.received), ...r.record, time: r.record.time?.toISOString() }));
  return records.length > limit ? { list, next_from: utcText(records[limit]!.received) } : { list };
});
