import { z } from 'zod';
import { MAX_PAGE_SIZE, id, int } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';
import { listTransactions, presentTransaction } from '../../../storage/repositories/transactions.js';

const dateTime = () =>
  z
    .string({ error: 'Required' })
    .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/, 'Must be YYYY-MM-DD HH:MM:SS (UTC)')
    .transform((s) => (s.length === 10 ? `${s} 00:00:00` : s));

export default defineMethod({
  path: 'user/transaction/list',
  permissions: { users: ['read'], transactions: ['read'] },
  params: z
    .object({ user_id: id(), from: dateTime(), to: dateTime(), limit: int(1, MAX_PAGE_SIZE).optional() })
    .refine((p) => p.from <= p.to, { message: 'Must not be after to', path: ['from'] }),
  run({ params, dealerId, backend }) {
    backend.users.owned(dealerId, params.user_id);
    const rows = listTransactions(backend.store, dealerId, params.user_id, params.from, params.to, params.limit ?? MAX_PAGE_SIZE);
    return { list: rows.map(presentTransaction) };
  },
});
