import { accountLogout } from '../../../shared/api/account.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(accountLogout, async ({ session, services: { accounts, devices } }) => {
  await accounts.endSession(session.hash);
  // Consoles opened with this session's keys close now, saying why.
  devices.recheckConsoles();
  return {};
});
