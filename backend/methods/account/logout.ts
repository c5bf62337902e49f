import { z } from 'zod';
import { defineMethod } from '../../api/registry.js';

export default defineMethod({
  path: 'account/logout',
  permissions: {},
  params: z.object({}),
  writes: true,
  async run({ session, backend }) {
    await backend.accounts.endSession(session.hash);
    // Consoles opened with this session's keys close now, saying why.
    backend.gateway.console.recheckConsoles();
    return {};
  },
});
