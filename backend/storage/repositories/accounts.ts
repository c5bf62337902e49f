import type { Clock } from '../../../shared/clock.js';
import { utcDateTime } from '../../../shared/clock.js';
import type { Permissions } from '../../../shared/permissions.js';
import type { Session } from '../../accounts/session.js';
import type { DurableStore } from '../durable-store.js';
import { newSessionToken, sessionTokenDigest } from '../../accounts/session-tokens.js';

export interface AccountRow {
  id: number;
  dealer_id: number;
  login: string;
  password_hash: string;
  permissions: string;
  is_admin: number;
  blocked: number;
  creation_date: string;
}

export interface StaffView {
  id: number;
  login: string;
  permissions: Permissions;
  blocked: boolean;
  creation_date: string;
}

export function staffView(row: AccountRow): StaffView {
  return {
    id: row.id,
    login: row.login,
    permissions: JSON.parse(row.permissions) as Permissions,
    blocked: row.blocked === 1,
    creation_date: row.creation_date,
  };
}

/**
 * Accounts (the administrator and staff logins) and their sessions. A session's token (the API's
 * `hash`) is handed to the client and kept in `Session.hash` while a request runs; the database
 * stores only its SHA-256 (backend/accounts/session-tokens.ts), and every lookup hashes the token
 * presented.
 */
export class Accounts {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
  ) {}

  byLogin(login: string): AccountRow | undefined {
    return this.store.get<AccountRow>('SELECT * FROM accounts WHERE login = ?', [login]);
  }

  byId(dealerId: number, id: number): AccountRow | undefined {
    return this.store.get<AccountRow>('SELECT * FROM accounts WHERE id = ? AND dealer_id = ?', [id, dealerId]);
  }

  dealerBlocked(dealerId: number): boolean {
    return this.store.get<{ blocked: number }>('SELECT blocked FROM dealers WHERE id = ?', [dealerId])?.blocked === 1;
  }

  /**
   * A new session for `account`, or undefined when the account changed since `account` was read
   * (deleted, another password hash, blocked, or its dealer blocked): the check and the insert are
   * one transaction, so a sign-in that straddles a password change or a block gets no session.
   * Expired rows are not deleted here (sessions expire by comparison with the clock at use, so a
   * clock that jumps forward and is corrected later ends no session for good).
   */
  async createSession(account: AccountRow): Promise<{ hash: string; permissions: Permissions } | undefined> {
    const hash = newSessionToken();
    const now = this.clock.now().getTime();
    const created = await this.store.write((tx) => {
      const current = tx.get<{ password_hash: string; permissions: string; blocked: number; dealer_blocked: number }>(
        'SELECT a.password_hash, a.permissions, a.blocked, d.blocked AS dealer_blocked FROM accounts a JOIN dealers d ON d.id = a.dealer_id WHERE a.id = ?',
        [account.id],
      );
      if (!current || current.password_hash !== account.password_hash || current.blocked === 1 || current.dealer_blocked === 1) return undefined;
      tx.run('INSERT INTO sessions (hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
        sessionTokenDigest(hash),
        account.id,
        now,
        now + this.sessionTtlMs,
      ]);
      return { hash, permissions: JSON.parse(current.permissions) as Permissions };
    });
    return created;
  }

  /** The live session behind a token (the API's hash), or undefined (unknown, expired, logged out, blocked). */
  resolve(hash: string): Session | undefined {
    const row = this.store.get<AccountRow & { expires_at: number; dealer_blocked: number }>(
      `SELECT a.*, s.expires_at, d.blocked AS dealer_blocked
       FROM sessions s JOIN accounts a ON a.id = s.account_id JOIN dealers d ON d.id = a.dealer_id WHERE s.hash = ?`,
      [sessionTokenDigest(hash)],
    );
    if (!row || row.expires_at <= this.clock.now().getTime() || row.blocked === 1 || row.dealer_blocked === 1) return undefined;
    return {
      hash,
      accountId: row.id,
      dealerId: row.dealer_id,
      login: row.login,
      isAdmin: row.is_admin === 1,
      permissions: JSON.parse(row.permissions) as Permissions,
    };
  }

  /**
   * Deletes session rows that expired before `beforeMs`. The billing scheduler calls it with a
   * time measured from the last billed day, not the wall clock (see billing-scheduler.ts).
   */
  async pruneSessions(beforeMs: number): Promise<void> {
    await this.store.write((tx) => tx.run('DELETE FROM sessions WHERE expires_at < ?', [beforeMs]));
  }

  /** Ends the session of a token (logout). */
  async endSession(hash: string): Promise<void> {
    await this.store.write((tx) => tx.run('DELETE FROM sessions WHERE hash = ?', [sessionTokenDigest(hash)]));
  }

  listStaff(dealerId: number): AccountRow[] {
    return this.store.all<AccountRow>('SELECT * FROM accounts WHERE dealer_id = ? AND is_admin = 0 ORDER BY id', [dealerId]);
  }

  async createStaff(dealerId: number, login: string, passwordHash: string, permissions: Permissions): Promise<number> {
    return this.store.write(
      (tx) =>
        tx.run(
          'INSERT INTO accounts (dealer_id, login, password_hash, permissions, is_admin, blocked, creation_date) VALUES (?, ?, ?, ?, 0, 0, ?)',
          [dealerId, login, passwordHash, JSON.stringify(permissions), utcDateTime(this.clock.now())],
        ).lastInsertRowid,
    );
  }

  async updateStaff(
    id: number,
    changes: { permissions?: Permissions; passwordHash?: string; blocked?: boolean },
  ): Promise<void> {
    await this.store.write((tx) => {
      if (changes.permissions) tx.run('UPDATE accounts SET permissions = ? WHERE id = ?', [JSON.stringify(changes.permissions), id]);
      if (changes.passwordHash) tx.run('UPDATE accounts SET password_hash = ? WHERE id = ?', [changes.passwordHash, id]);
      if (changes.blocked !== undefined) tx.run('UPDATE accounts SET blocked = ? WHERE id = ?', [changes.blocked ? 1 : 0, id]);
      // A new password or a block ends the staff member's open sessions.
      if (changes.passwordHash || changes.blocked) tx.run('DELETE FROM sessions WHERE account_id = ?', [id]);
    });
  }

  /**
   * A new password for an administrator account (`dealer-console admin reset-password`, the desktop
   * app's menu): every session of the account ends in the same transaction. Undefined when there
   * is no administrator with that login.
   */
  async resetAdminPassword(login: string, passwordHash: string): Promise<{ accountId: number; sessionsEnded: number } | undefined> {
    return this.store.write((tx) => {
      const account = tx.get<{ id: number }>('SELECT id FROM accounts WHERE login = ? AND is_admin = 1', [login]);
      if (!account) return undefined;
      tx.run('UPDATE accounts SET password_hash = ? WHERE id = ?', [passwordHash, account.id]);
      const { changes } = tx.run('DELETE FROM sessions WHERE account_id = ?', [account.id]);
      return { accountId: account.id, sessionsEnded: changes };
    });
  }

  async deleteStaff(id: number): Promise<void> {
    await this.store.write((tx) => {
      tx.run('DELETE FROM sessions WHERE account_id = ?', [id]);
      tx.run('DELETE FROM accounts WHERE id = ? AND is_admin = 0', [id]);
    });
  }
}
