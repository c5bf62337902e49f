import { userCreate, userProfileFields } from '../../../shared/api/user.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { hashPassword } from '../../accounts/passwords.js';

export default defineMethod(userCreate, async ({ params, dealerId, services: { users, tariffs } }) => {
  const { user } = params;
  if (user.default_tariff_id && !(await tariffs.find(dealerId, user.default_tariff_id))) throw new ApiError(Code.NotFound);
  const profile = Object.fromEntries(userProfileFields.map((f) => [f, user[f] ?? '']));
  const activated = user.activated ?? true;
  const passwordHash = await hashPassword(params.password);
  const id = await users.create(dealerId, {
    login: user.login,
    passwordHash,
    activated,
    verified: user.verified ?? activated,
    legal_type: user.legal_type,
    profile,
    time_zone: params.time_zone ?? null,
    locale: params.locale ?? null,
    discount: params.discount,
    default_tariff_id: user.default_tariff_id ?? null,
  });
  return { id };
});
