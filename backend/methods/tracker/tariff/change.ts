import { trackerTariffChange } from '../../../../shared/api/billing.js';
import { defineMethod } from '../../../api/registry.js';

/** Rules: shared/billing/tariff-change.ts, decided and written in one transaction. */
export default defineMethod(trackerTariffChange, ({ params, dealerId, services: { billing } }) =>
  billing.changeTariff(dealerId, { trackerId: params.tracker_id, tariffId: params.tariff_id, repay: params.repay, charge: params.charge }),
);
