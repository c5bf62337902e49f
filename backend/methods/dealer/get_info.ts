import { dealerGetInfo } from '../../../shared/api/dealer.js';
import { fromCents } from '../../../shared/billing/money.js';
import { yearMonthOf } from '../../../shared/billing/dates.js';
import { utcDate } from '../../../shared/clock.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';

/** dealer/get_info: the caller's dealer as this installation knows it (README: the source of each field). */
export default defineMethod(dealerGetInfo, async ({ dealerId, services: { dealers, activity, clock } }) => {
  const info = await dealers.info(dealerId);
  if (!info) throw new ApiError(Code.DealerNotFound);
  return {
    value: {
      id: info.id,
      title: info.name,
      creation_date: info.creation_date,
      contract_type: 'PAAS' as const,
      parent_dealer_id: null,
      block_status: info.blocked ? ('BLOCKED' as const) : ('NOT_BLOCKED' as const),
      active_amount: await activity.activeAmount(dealerId, yearMonthOf(utcDate(clock.now()))),
      active_limit: null,
      trackers_count: info.trackers,
      clones_count: info.clones,
      users_count: info.users,
      users_balance: fromCents(info.balanceCents),
      users_bonus: fromCents(info.bonusCents),
    },
  };
});
