import { z } from 'zod';
import { id, object } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentTariff } from '../../storage/repositories/tariffs.js';
import { tariffUpdateFields } from './tariff-params.js';

/** `device_type` is ignored: it can only be set at creation (tariff doc). Fields left out keep their values. */
export default defineMethod({
  path: 'tariff/update',
  permissions: { tariffs: ['update'] },
  params: z.object({ tariff: object({ ...tariffUpdateFields, id: id() }) }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const { id: tariffId, device_type: _ignored, ...changes } = params.tariff;
    const { id: _id, device_type: _type, ...current } = presentTariff(backend.tariffs.owned(dealerId, tariffId));
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    await backend.tariffs.update(dealerId, tariffId, { ...current, ...defined });
    return {};
  },
});
