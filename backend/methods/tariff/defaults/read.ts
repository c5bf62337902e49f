import { z } from 'zod';
import { defineMethod } from '../../../api/registry.js';
import { readDefaults } from './defaults.js';

export default defineMethod({
  path: 'tariff/defaults/read',
  permissions: { tariffs: ['read'] },
  params: z.object({}),
  run({ dealerId, backend }) {
    return { tracker: readDefaults(backend.store, dealerId, 'tracker'), camera: readDefaults(backend.store, dealerId, 'camera') };
  },
});
