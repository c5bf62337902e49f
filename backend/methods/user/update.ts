import { userProfileFields, userUpdate } from '../../../shared/api/user.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';

/**
 * A changed `legal_type` is ignored, not refused: the user doc says the field "will not be changed",
 * so the rest of the update applies. Read-only fields (balance, ...) are ignored too.
 */
export default defineMethod(userUpdate, async ({ params, dealerId, services: { users, tariffs } }) => {
  const { user } = params;
  await users.owned(dealerId, user.id);
  if (user.default_tariff_id && !(await tariffs.find(dealerId, user.default_tariff_id))) throw new ApiError(Code.NotFound);
  const profile = Object.fromEntries(userProfileFields.filter((f) => user[f] !== undefined).map((f) => [f, user[f]]));
  await users.update(dealerId, user.id, {
    login: user.login,
    activated: user.activated,
    verified: user.verified ?? user.activated,
    profile,
    default_tariff_id: user.default_tariff_id,
    discount: params.discount,
  });
  return {};
});
