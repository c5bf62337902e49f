import { z } from 'zod';
import { bool, id } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';
import { changeTariff } from '../../../billing/billing-service.js';

/**
 * Rules: backend/billing/tariff-change.ts. The answer also carries `repayment` (the amount credited,
 * 0 when none): an extra field, which Navixy clients ignore.
 */
export default defineMethod({
  path: 'tracker/tariff/change',
  permissions: { trackers: ['update'], transactions: ['create'], tariffs: ['read'] },
  params: z.object({ tracker_id: id(), tariff_id: id(), repay: bool().default(false), charge: bool().default(false) }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const { repayment } = await changeTariff(backend, dealerId, {
      trackerId: params.tracker_id,
      tariffId: params.tariff_id,
      repay: params.repay,
      charge: params.charge,
    });
    return { repayment };
  },
});
