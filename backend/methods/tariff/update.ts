import { z } from 'zod';
import { id, object } from '../../api/params.js';
import { defineMethod } from '../../api/registry.js';
import { tariffFields } from './tariff-params.js';

/** `device_type` is ignored: it can only be set at creation (tariff doc). */
export default defineMethod({
  path: 'tariff/update',
  permissions: { tariffs: ['update'] },
  params: z.object({ tariff: object({ ...tariffFields, id: id() }) }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const { id: tariffId, device_type: _ignored, ...tariff } = params.tariff;
    await backend.tariffs.update(dealerId, tariffId, tariff);
    return {};
  },
});
