/**
 * Values and parameter schemas of the tracker methods (shared/api/tracker.ts), kept apart so that
 * the specs module exports specs and types only.
 */
import { z } from 'zod';

/** Seconds between two tracker/register_retry requests of one tracker, counted from every request (even refused ones). */
export const RETRY_INTERVAL_S = 120;

/** tracker/list `order_by`. */
export const trackerOrderKeys = ['id', 'label', 'status', 'model', 'device_id', 'phone', 'creation_date', 'user_id', 'comment'] as const;
export type TrackerOrder = (typeof trackerOrderKeys)[number];

/** Both spellings of the clones filter: the docs' `only_include_clones` and the admin UI's `include_clones_only`. */
export const clonesFilterValues = ['not_set', 'exclude_clones', 'only_include_clones', 'include_clones_only'] as const;
export type ClonesFilterValue = (typeof clonesFilterValues)[number];

/** Records per tracker/history/read page. */
export const HISTORY_PAGE_MAX = 1000;

/** UTC `YYYY-MM-DD HH:MM:SS` → ms since the epoch (NaN when it is no real date and time). */
export const parseUtcDateTime = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`);

export const utcDateTimeParam = () =>
  z
    .string({ error: 'Required' })
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'Must be YYYY-MM-DD HH:MM:SS (UTC)')
    .refine((s) => Number.isFinite(parseUtcDateTime(s)), 'Must be a real date and time');
