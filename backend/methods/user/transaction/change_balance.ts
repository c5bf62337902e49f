import { z } from 'zod';
import { decimal, id, oneOf } from '../../../../shared/api/params.js';
import { defineMethod } from '../../../api/registry.js';
import { changeBalance } from '../../../billing/billing-service.js';

/** Writes a `payment`/`partner` transaction; a payment also bills (and unblocks) trackers blocked for non-payment. */
export default defineMethod({
  path: 'user/transaction/change_balance',
  permissions: { users: ['update'], transactions: ['create'] },
  params: z.object({
    user_id: id(),
    amount: decimal(-1_000_000, 1_000_000).refine((n) => Math.round(n * 100) === n * 100 || Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'At most 2 decimals').refine((n) => n !== 0, 'Must not be 0'),
    type: oneOf(['balance', 'bonus']),
    text: z.string({ error: 'Required' }).trim().min(5, 'Must be at least 5 characters').max(1000, 'Must be at most 1000 characters'),
  }),
  writes: true,
  async run({ params, dealerId, backend }) {
    await changeBalance(backend, dealerId, { userId: params.user_id, amount: params.amount, type: params.type, text: params.text });
    return {};
  },
});
