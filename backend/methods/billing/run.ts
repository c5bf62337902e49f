import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { runBillingDay } from '../../billing/billing-service.js';
import { isIsoDate, todayUtc } from '../../../shared/billing/dates.js';

/** Bills one UTC day on demand (administrator only). A day already billed charges nothing again. */
export default defineMethod({
  path: 'billing/run',
  permissions: { billing: ['run'] },
  params: z.object({
    date: z.string({ error: 'Required' }).refine(isIsoDate, 'Must be a date YYYY-MM-DD'),
  }),
  writes: true,
  async run({ params, dealerId, backend }) {
    if (params.date > todayUtc(backend.clock.now())) {
      throw ApiError.invalidParameters([{ parameter: 'date', error: 'Must not be in the future' }]);
    }
    return { value: await runBillingDay(backend, dealerId, params.date) };
  },
});
