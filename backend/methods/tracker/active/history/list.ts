import { z } from 'zod';
import { ApiError } from '../../../../api/api-error.js';
import { defineMethod } from '../../../../api/registry.js';
import { activeHistory } from '../../../../billing/activity.js';
import { isYearMonth, monthsBetween } from '../../../../../shared/billing/dates.js';

/** The longest span one request may cover, in months (211 beyond it). */
export const MAX_SPAN_MONTHS = 12;

const yearMonth = () => z.string({ error: 'Required' }).refine(isYearMonth, 'Must be a year and month YYYY-MM');

export default defineMethod({
  path: 'tracker/active/history/list',
  permissions: { trackers: ['read'] },
  params: z.object({ from: yearMonth(), to: yearMonth() }).refine((p) => p.from <= p.to, { message: 'Must not be after to', path: ['from'] }),
  run({ params, dealerId, backend }) {
    if (monthsBetween(params.from, params.to) + 1 > MAX_SPAN_MONTHS) throw new ApiError(211);
    return { list: activeHistory(backend, dealerId, params.from, params.to) };
  },
});
