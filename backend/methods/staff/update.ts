import { staffUpdate } from '../../../shared/api/staff.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { hashPassword } from '../../accounts/passwords.js';

export default defineMethod(staffUpdate, async ({ params, dealerId, services: { accounts, devices } }) => {
  const account = await accounts.byId(dealerId, params.staff_id);
  if (!account || account.is_admin) throw new ApiError(Code.NotFound);
  const passwordHash = params.password === undefined ? undefined : await hashPassword(params.password);
  await accounts.updateStaff(account.id, { permissions: params.permissions, passwordHash, blocked: params.blocked });
  // A block, a new password or a permission removed closes the staff member's open consoles.
  devices.recheckConsoles();
  return {};
});
