import { userTransactionChangeBalance } from '../../../../shared/api/user.js';
import { defineMethod } from '../../../api/registry.js';

/** Writes a `payment`/`partner` transaction; a payment also bills (and unblocks) trackers blocked for non-payment. */
export default defineMethod(userTransactionChangeBalance, async ({ params, dealerId, services: { balances } }) => {
  await balances.change(dealerId, { userId: params.user_id, amount: params.amount, type: params.type, text: params.text });
  return {};
});
