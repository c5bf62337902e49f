import { MAX_ACTIVE_HISTORY_MONTHS, trackerActiveHistoryList } from '../../../../../shared/api/billing.js';
import { monthsBetween } from '../../../../../shared/billing/dates.js';
import { Code } from '../../../../../shared/errors.js';
import { ApiError } from '../../../../api/api-error.js';
import { defineMethod } from '../../../../api/registry.js';

export default defineMethod(trackerActiveHistoryList, async ({ params, dealerId, services: { activity } }) => {
  if (monthsBetween(params.from, params.to) + 1 > MAX_ACTIVE_HISTORY_MONTHS) throw new ApiError(Code.TimeSpanTooBig);
  return { list: await activity.history(dealerId, params.from, params.to) };
});
