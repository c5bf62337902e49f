import { billingRun } from '../../../shared/api/billing.js';
import { todayUtc } from '../../../shared/billing/dates.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';

/** Bills one UTC day on demand (administrator only). A day already billed charges nothing again. */
export default defineMethod(billingRun, async ({ params, dealerId, services: { billing, clock } }) => {
  if (params.date > todayUtc(clock.now())) {
    throw ApiError.invalidParameters([{ parameter: 'date', error: 'Must not be in the future' }]);
  }
  return { value: await billing.runDay(dealerId, params.date) };
});
