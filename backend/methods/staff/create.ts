import { staffCreate } from '../../../shared/api/staff.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { hashPassword } from '../../accounts/passwords.js';

/** 206 when the login is taken by any account (checked before the password is hashed, and again as it is written). */
export default defineMethod(staffCreate, async ({ params, dealerId, services: { accounts } }) => {
  if (await accounts.byLogin(params.login)) throw new ApiError(Code.LoginInUse);
  const passwordHash = await hashPassword(params.password);
  return { id: await accounts.createStaff(dealerId, params.login, passwordHash, params.permissions) };
});
