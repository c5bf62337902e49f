import { accountAuth } from '../../../shared/api/account.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import { decoyHash, verifyPassword } from '../../accounts/passwords.js';
import type { AttemptOutcome } from '../../accounts/login-throttle.js';
import { AuditCall, currentAuditCall, failedSignInBudget } from '../../api/audit.js';

/**
 * A failed sign-in answers 12 whether the login exists or the password is wrong (the panel
 * docs' example for wrong credentials), after the same scrypt work, so nothing tells them apart.
 * The attempt is reserved in the throttle (backend/accounts/login-throttle.ts) before anything is
 * awaited; a throttled attempt answers 15 without checking the password. The session is created
 * only if the account still has the password hash that was checked and is not blocked: a sign-in
 * that straddles a password change or a block does not yield a session.
 */
export default defineMethod(accountAuth, async ({ params, remoteAddress, services }) => {
  const { throttle, clock, accounts } = services;
  const reservation = throttle.reserve(params.login, remoteAddress, clock.now().getTime());
  if (!reservation) throw new ApiError(Code.TooManyRequests);
  let outcome: AttemptOutcome = 'void';
  try {
    const account = await accounts.byLogin(params.login);
    const ok = await verifyPassword(params.password, account?.password_hash ?? decoyHash);
    if (!account || !ok) {
      outcome = 'failure';
      // A wrong password for an existing account is audited for its dealer (an unknown login has
      // no dealer to show it to); the rows are bounded by the throttle and FailedSignInBudget.
      const audit = currentAuditCall();
      const suppressed = account && audit ? failedSignInBudget(services.auditTrail).take(clock.now().getTime()) : undefined;
      if (account && audit && suppressed !== undefined) {
        const failed = new AuditCall(
          { dealerId: account.dealer_id, accountId: account.id, login: account.login, isAdmin: account.is_admin },
          audit.action,
          audit.transport,
          audit.remoteAddress,
          JSON.stringify({ login: params.login.slice(0, 100), password: '[redacted]', ...(suppressed ? { suppressed } : {}) }),
        );
        // Not awaited: the answer must not wait on a write an unknown login does not make (timing).
        services.auditTrail.writeAlone(failed, Code.DealerNotFound).catch((error: unknown) => {
          services.log.error(`audit row for a failed sign-in not written: ${(error as Error)?.message ?? String(error)}`);
        });
      }
      throw new ApiError(Code.DealerNotFound);
    }
    outcome = 'success';
    if (account.blocked || (await accounts.dealerBlocked(account.dealer_id))) throw new ApiError(Code.AccessDenied);
    // The audit row of this sign-in (written with the session) names the account signing in.
    const audit = currentAuditCall();
    if (audit) audit.actor = { dealerId: account.dealer_id, accountId: account.id, login: account.login, isAdmin: account.is_admin };
    const session = await accounts.createSession(account);
    if (session === undefined) {
      // Changed while the password was being checked: blocked → 11, new password or deleted → 12.
      const now = await accounts.byLogin(params.login);
      outcome = 'void';
      if (now && now.id === account.id && now.password_hash === account.password_hash) throw new ApiError(Code.AccessDenied);
      throw new ApiError(Code.DealerNotFound);
    }
    return { hash: session.hash, permissions: session.permissions };
  } finally {
    reservation.settle(outcome, clock.now().getTime());
  }
});
