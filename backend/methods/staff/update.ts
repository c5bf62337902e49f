import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { bool, id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { hashPassword } from '../../accounts/passwords.js';
import { staffPassword, staffPermissions } from './permissions-param.js';

export default defineMethod({
  path: 'staff/update',
  permissions: { staff: ['update'] },
  params: z.object({
    staff_id: id(),
    permissions: staffPermissions().optional(),
    password: staffPassword().optional(),
    blocked: bool().optional(),
  }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const account = backend.accounts.byId(dealerId, params.staff_id);
    if (!account || account.is_admin === 1) throw new ApiError(201);
    await backend.accounts.updateStaff(account.id, {
      permissions: params.permissions,
      passwordHash: params.password === undefined ? undefined : await hashPassword(params.password),
      blocked: params.blocked,
    });
    // A block, a new password or a permission removed closes the staff member's open consoles.
    backend.gateway.console.recheckConsoles();
    return {};
  },
});
