import { z } from 'zod';
import { id } from '../../api/params.js';
import { defineMethod } from '../../api/registry.js';
import { presentUser } from '../../storage/repositories/users.js';

export default defineMethod({
  path: 'user/read',
  permissions: { users: ['read'] },
  params: z.object({ user_id: id() }),
  run({ params, dealerId, backend }) {
    return { value: presentUser(backend.users.owned(dealerId, params.user_id)) };
  },
});
