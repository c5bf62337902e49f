import { staffList } from '../../../shared/api/staff.js';
import { defineMethod } from '../../api/registry.js';
import { staffView } from '../../storage/repositories/accounts.js';

export default defineMethod(staffList, async ({ dealerId, services: { accounts } }) => {
  const list = (await accounts.listStaff(dealerId)).map(staffView);
  return { list, count: list.length };
});
