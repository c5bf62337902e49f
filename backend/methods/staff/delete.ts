import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod({
  path: 'staff/delete',
  permissions: { staff: ['delete'] },
  params: z.object({ staff_id: id() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const account = backend.accounts.byId(dealerId, params.staff_id);
    if (!account || account.is_admin === 1) throw new ApiError(201);
    await backend.accounts.deleteStaff(account.id);
    backend.gateway.console.recheckConsoles();
    return {};
  },
});
