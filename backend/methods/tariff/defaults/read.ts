import { z } from 'zod';
import { defineMethod } from '../../../api/registry.js';

export default defineMethod({
  path: 'tariff/defaults/read',
  permissions: { tariffs: ['read'] },
  params: z.object({}),
  run({ dealerId, backend }) {
    return { tracker: backend.tariffs.defaults(dealerId, 'tracker'), camera: backend.tariffs.defaults(dealerId, 'camera') };
  },
});
