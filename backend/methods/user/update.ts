import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { id, nullable, object } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { userProfileFields } from '../../storage/repositories/users.js';
import { userDiscount, userFields } from './user-params.js';

/** `legal_type` cannot be changed (user doc); read-only fields (balance, ...) are ignored. */
export default defineMethod({
  path: 'user/update',
  permissions: { users: ['update'] },
  params: z.object({
    user: object({ ...userFields, id: id(), legal_type: userFields.legal_type.optional(), login: userFields.login.optional() }),
    discount: nullable(userDiscount()).optional(),
  }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const { user } = params;
    const existing = backend.users.owned(dealerId, user.id);
    if (user.legal_type && user.legal_type !== existing.legal_type) {
      throw ApiError.invalidParameters([{ parameter: 'user.legal_type', error: 'Cannot be changed' }]);
    }
    if (user.default_tariff_id && !backend.tariffs.find(dealerId, user.default_tariff_id)) throw new ApiError(201);
    const profile = Object.fromEntries(userProfileFields.filter((f) => user[f] !== undefined).map((f) => [f, user[f]]));
    await backend.users.update(dealerId, user.id, {
      login: user.login,
      activated: user.activated,
      verified: user.verified ?? user.activated,
      profile,
      default_tariff_id: user.default_tariff_id,
      discount: params.discount,
    });
    return {};
  },
});
