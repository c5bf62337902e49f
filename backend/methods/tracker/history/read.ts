import { z } from 'zod';
import { ApiError } from '../../../api/api-error.js';
import { id, int } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';

/** Records per page, and the longest span one request may read (the Navixy maxReportTimeSpan). */
export const HISTORY_PAGE_MAX = 1000;
const MAX_SPAN_MS = 120 * 24 * 3600 * 1000;

const dateTime = () =>
  z
    .string({ error: 'Required' })
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'Must be YYYY-MM-DD HH:MM:SS (UTC)')
    .transform((s) => Date.parse(`${s.replace(' ', 'T')}Z`))
    .refine((ms) => Number.isFinite(ms), 'Must be a real date and time');

/**
 * A tracker's stored records (server receive time in [from, to]), oldest first. When `next_from`
 * is present there may be more: ask again with it as `from`.
 */
export default defineMethod({
  path: 'tracker/history/read',
  permissions: { trackers: ['read'] },
  params: z
    .object({ tracker_id: id(), from: dateTime(), to: dateTime(), limit: int(1, HISTORY_PAGE_MAX).optional() })
    .refine((p) => p.from <= p.to, { message: 'Must not be after to', path: ['from'] }),
  async run({ params, dealerId, backend }) {
    const row = backend.trackers.owned(dealerId, params.tracker_id);
    if (row.corrupted === 1) throw new ApiError(252);
    if (params.to - params.from > MAX_SPAN_MS) throw new ApiError(211);
    const limit = params.limit ?? HISTORY_PAGE_MAX;
    const records = await backend.gateway.tracking.read(row.source_id, params.from, params.to, limit + 1);
    const page = records.slice(0, limit);
    const list = page.map((r) => ({ kind: r.kind, received: new Date(r.received).toISOString().slice(0, 19).replace('T', ' '), ...r.record, time: r.record.time?.toISOString() }));
    const result: Record<string, unknown> = { list };
    if (records.length > limit) result.next_from = new Date(records[limit]!.received).toISOString().slice(0, 19).replace('T', ' ');
    return result;
  },
});
