import { z } from 'zod';
import { defineMethod } from '../../api/registry.js';

export default defineMethod({
  path: 'account/get_permissions',
  permissions: {},
  params: z.object({}),
  run({ session }) {
    return { permissions: session.permissions };
  },
});
