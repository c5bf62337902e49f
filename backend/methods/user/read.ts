import { z } from 'zod';
import { id } from '../../../shared/api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentUser } from '../../storage/repositories/users.js';

export default defineMethod({
  path: 'user/read',
  permissions: { users: ['read'] },
  params: z.object({ user_id: id() }),
  run({ params, dealerId, backend }) {
    const row = backend.users.owned(dealerId, params.user_id);
    // The discount object sits next to `value`, as the user doc shows it; left out when none.
    return row.discount ? { value: presentUser(row), discount: JSON.parse(row.discount) as unknown } : { value: presentUser(row) };
  },
});
