import { z } from 'zod';
import { defineMethod } from '../../api/registry.js';
import { staffView } from '../../storage/repositories/accounts.js';

export default defineMethod({
  path: 'staff/list',
  permissions: { staff: ['read'] },
  params: z.object({}),
  run({ dealerId, backend }) {
    const list = backend.accounts.listStaff(dealerId).map(staffView);
    return { list, count: list.length };
  },
});
