import { userChangePassword } from '../../../shared/api/user.js';
import { defineMethod } from '../../api/registry.js';
import { hashPassword } from '../../accounts/passwords.js';

/** user/change_password: 201 for an unknown user or another dealer's; the password is stored hashed. */
export default defineMethod(userChangePassword, async ({ params, dealerId, services: { users } }) => {
  await users.owned(dealerId, params.user_id);
  await users.setPassword(dealerId, params.user_id, await hashPassword(params.password));
  return {};
});
