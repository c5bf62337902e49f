import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { hashPassword } from '../../accounts/passwords.js';
import { staffLogin, staffPassword, staffPermissions } from './permissions-param.js';

export default defineMethod({
  path: 'staff/create',
  permissions: { staff: ['create'] },
  params: z.object({ login: staffLogin(), password: staffPassword(), permissions: staffPermissions() }),
  writes: true,
  async run({ params, dealerId, backend }) {
    if (backend.accounts.byLogin(params.login)) throw new ApiError(206);
    const id = await backend.accounts.createStaff(dealerId, params.login, await hashPassword(params.password), params.permissions);
    return { id };
  },
});
