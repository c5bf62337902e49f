import { simCardUpdate } from '../../../shared/api/sim-card.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(simCardUpdate, async ({ params, dealerId, services: { simCards } }) => {
  await simCards.update(dealerId, params.iccid, {
    blocked: params.blocked,
    deleted: params.deleted,
    phone: params.phone,
    apn: params.apn,
  });
  return {};
});
