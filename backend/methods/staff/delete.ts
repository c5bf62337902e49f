import { staffDelete } from '../../../shared/api/staff.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(staffDelete, async ({ params, dealerId, services: { accounts, devices } }) => {
  const account = await accounts.byId(dealerId, params.staff_id);
  if (!account || account.is_admin) throw new ApiError(Code.NotFound);
  await accounts.deleteStaff(account.id);
  devices.recheckConsoles();
  return {};
});
