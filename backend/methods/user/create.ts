import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { object } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { hashPassword } from '../../accounts/passwords.js';
import { userProfileFields } from '../../storage/repositories/users.js';
import { userDiscount, userFields, userPassword } from './user-params.js';

export default defineMethod({
  path: 'user/create',
  permissions: { users: ['create'] },
  params: z.object({
    user: object(userFields),
    time_zone: z.string({ error: 'Must be a string' }).max(64).regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'Must be a time zone name like Europe/Berlin').optional(),
    locale: z.string({ error: 'Must be a string' }).regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'Must be like en or en_US').optional(),
    password: userPassword(),
    discount: userDiscount().optional(),
  }),
  writes: true,
  async run({ params, dealerId, backend }) {
    const { user } = params;
    if (user.default_tariff_id && !backend.tariffs.find(dealerId, user.default_tariff_id)) throw new ApiError(201);
    const profile = Object.fromEntries(userProfileFields.map((f) => [f, user[f] ?? '']));
    const activated = user.activated ?? true;
    const id = await backend.users.create(dealerId, {
      login: user.login,
      passwordHash: await hashPassword(params.password),
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
  },
});
