import { tariffRead } from '../../../shared/api/tariff.js';
import { defineMethod } from '../../api/registry.js';
import { presentTariff } from '../../storage/repositories/tariffs.js';

export default defineMethod(tariffRead, async ({ params, dealerId, services: { tariffs } }) => ({
  value: presentTariff(await tariffs.owned(dealerId, params.tariff_id)),
}));
