import { tariffUpdate } from '../../../shared/api/tariff.js';
import { defineMethod } from '../../api/registry.js';
import { presentTariff } from '../../storage/repositories/tariffs.js';

/** `device_type` is ignored: it can only be set at creation (tariff doc). Fields left out keep their values. */
export default defineMethod(tariffUpdate, async ({ params, dealerId, services: { tariffs } }) => {
  const { id: tariffId, device_type: _ignored, ...changes } = params.tariff;
  const { id: _id, device_type: _type, ...current } = presentTariff(await tariffs.owned(dealerId, tariffId));
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  await tariffs.update(dealerId, tariffId, { ...current, ...defined });
  return {};
});
