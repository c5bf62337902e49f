import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { decoyHash, verifyPassword } from '../../accounts/passwords.js';

/**
 * A failed sign-in answers 12 whether the login exists or the password is wrong (the panel
 * docs' example for wrong credentials), after the same scrypt work, so nothing tells them apart.
 */
export default defineMethod({
  path: 'account/auth',
  auth: 'none',
  permissions: {},
  params: z.object({
    login: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(100, 'Must be at most 100 characters'),
    password: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(200, 'Must be at most 200 characters'),
  }),
  async run({ params, backend }) {
    const nowMs = backend.clock.now().getTime();
    const key = params.login.toLowerCase();
    if (backend.throttle.isThrottled(key, nowMs)) throw new ApiError(15);
    const account = backend.accounts.byLogin(params.login);
    const ok = await verifyPassword(params.password, account?.password_hash ?? decoyHash);
    if (!account || !ok) {
      backend.throttle.recordFailure(key, nowMs);
      throw new ApiError(12);
    }
    backend.throttle.recordSuccess(key);
    if (account.blocked === 1 || backend.accounts.dealerBlocked(account.dealer_id)) throw new ApiError(11);
    const hash = await backend.accounts.createSession(account);
    return { hash, permissions: JSON.parse(account.permissions) as unknown };
  },
});
