import { z } from 'zod';
import { id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentTariff } from '../../storage/repositories/tariffs.js';

export default defineMethod({
  path: 'tariff/read',
  permissions: { tariffs: ['read'] },
  params: z.object({ tariff_id: id() }),
  run({ params, dealerId, backend }) {
    return { value: presentTariff(backend.tariffs.owned(dealerId, params.tariff_id)) };
  },
});
