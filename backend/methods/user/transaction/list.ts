import { NO_LIMIT } from '../../../../shared/api/params.js';
import { userTransactionList } from '../../../../shared/api/user.js';
import { defineMethod } from '../../../api/registry.js';
import { presentTransaction } from '../../../storage/repositories/transactions.js';

export default defineMethod(userTransactionList, async ({ params, dealerId, services: { users, transactions } }) => {
  await users.owned(dealerId, params.user_id);
  const rows = await transactions.list(dealerId, params.user_id, params.from, params.to, params.limit ?? NO_LIMIT);
  return { list: rows.map(presentTransaction) };
});
