import { userRead } from '../../../shared/api/user.js';
import { defineMethod } from '../../api/registry.js';
import { presentUser } from '../../storage/repositories/users.js';

export default defineMethod(userRead, async ({ params, dealerId, services: { users } }) => {
  const row = await users.owned(dealerId, params.user_id);
  // The discount object sits next to `value`, as the user doc shows it; left out when none.
  return row.discount ? { value: presentUser(row), discount: row.discount } : { value: presentUser(row) };
});
