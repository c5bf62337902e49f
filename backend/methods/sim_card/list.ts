import { NO_LIMIT } from '../../../shared/api/params.js';
import { simCardList } from '../../../shared/api/sim-card.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(simCardList, async ({ params, dealerId, services: { simCards } }) => {
  const { rows, count } = await simCards.list(dealerId, {
    filter: params.filter,
    orderBy: params.order_by ?? 'iccid',
    ascending: params.ascending ?? true,
    offset: params.offset ?? 0,
    limit: params.limit ?? NO_LIMIT,
  });
  return { list: rows, count };
});
