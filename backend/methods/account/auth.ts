import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { decoyHash, verifyPassword } from '../../accounts/passwords.js';
import type { AttemptOutcome } from '../../accounts/login-throttle.js';

/**
 * A failed sign-in answers 12 whether the login exists or the password is wrong (the panel
 * docs' example for wrong credentials), after the same scrypt work, so nothing tells them apart.
 * The attempt is reserved in the throttle (backend/accounts/login-throttle.ts) before anything is
 * awaited; a throttled attempt answers 15 without checking the password. The session is created
 * only if the account still has the password hash that was checked and is not blocked: a sign-in
 * that straddles a password change or a block does not yield a session.
 */
export default defineMethod({
  path: 'account/auth',
  auth: 'none',
  permissions: {},
  params: z.object({
    login: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(100, 'Must be at most 100 characters'),
    password: z.string({ error: 'Required' }).min(1, 'Must not be empty').max(200, 'Must be at most 200 characters'),
  }),
  async run({ params, backend, remoteAddress }) {
    const reservation = backend.throttle.reserve(params.login, remoteAddress, backend.clock.now().getTime());
    if (!reservation) throw new ApiError(15);
    let outcome: AttemptOutcome = 'void';
    try {
      const account = backend.accounts.byLogin(params.login);
      const ok = await verifyPassword(params.password, account?.password_hash ?? decoyHash);
      if (!account || !ok) {
        outcome = 'failure';
        throw new ApiError(12);
      }
      outcome = 'success';
      if (account.blocked === 1 || backend.accounts.dealerBlocked(account.dealer_id)) throw new ApiError(11);
      const session = await backend.accounts.createSession(account);
      if (session === undefined) {
        // Changed while the password was being checked: blocked → 11, new password or deleted → 12.
        const now = backend.accounts.byLogin(params.login);
        outcome = 'void';
        if (now && now.id === account.id && now.password_hash === account.password_hash) throw new ApiError(11);
        throw new ApiError(12);
      }
      return { hash: session.hash, permissions: session.permissions };
    } finally {
      reservation.settle(outcome, backend.clock.now().getTime());
    }
  },
});
