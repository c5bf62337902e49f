import { tariffDefaultsUpdate } from '../../../../shared/api/tariff.js';
import { Code } from '../../../../shared/errors.js';
import { ApiError } from '../../../api/api-error.js';
import { defineMethod } from '../../../api/registry.js';

/** 239 when the tariff does not exist (for this dealer), 237 when it is for another device type. */
export default defineMethod(tariffDefaultsUpdate, async ({ params, dealerId, services: { tariffs } }) => {
  const entries = (['tracker', 'camera'] as const).flatMap((type) => (params[type] ? [[type, params[type]] as const] : []));
  for (const [deviceType, value] of entries) {
    if (value.tariff_id === null) continue;
    const tariff = await tariffs.find(dealerId, value.tariff_id);
    if (!tariff) throw new ApiError(Code.NewTariffMissing);
    if (tariff.device_type !== deviceType) throw new ApiError(Code.InvalidTariff);
  }
  await tariffs.setDefaults(dealerId, entries);
  return {};
});
