import { z } from 'zod';
import { object } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { tariffFields } from './tariff-params.js';

export default defineMethod({
  path: 'tariff/create',
  permissions: { tariffs: ['create'] },
  params: z.object({ tariff: object(tariffFields) }),
  writes: true,
  async run({ params, dealerId, backend }) {
    return { id: await backend.tariffs.create(dealerId, params.tariff) };
  },
});
