import { simCardImport } from '../../../shared/api/sim-card.js';
import { defineMethod } from '../../api/registry.js';

/** Up to 10,000 SIM cards, all or nothing, in one transaction. */
export default defineMethod(simCardImport, async ({ params, dealerId, services: { simCards } }) => {
  await simCards.import(dealerId, params.sim_cards);
  return {};
});
