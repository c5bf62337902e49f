import type { Clock } from '../../../shared/clock.js';
import { utcDateTime } from '../../../shared/clock.js';
import { Code } from '../../../shared/errors.js';
import type { Permissions } from '../../../shared/permissions.js';
import type { StaffMember } from '../../../shared/api/staff.js';
import type { Session } from '../../accounts/session.js';
import { ApiError } from '../../api/api-error.js';
import type { Store } from '../store.js';
import { newSessionToken, sessionTokenDigest } from '../../accounts/session-tokens.js';
import { bool, flag } from './sql-helpers.js';

interface StoredAccount {
  id: number;
  dealer_id: number;
  login: string;
  password_hash: string;
  permissions: string;
  is_admin: number;
  blocked: number;
  creation_date: string;
}

/** An account (the administrator or a staff login) as the repository hands it out. */
export interface AccountRow {
  id: number;
  dealer_id: number;
  login: string;
  password_hash: string;
  permissions: Permissions;
  is_admin: boolean;
  blocked: boolean;
  creation_date: string;
}

function accountRow(row: StoredAccount): AccountRow {
  return {
    id: row.id,
    dealer_id: row.dealer_id,
    login: row.login,
    password_hash: row.password_hash,
    permissions: JSON.parse(row.permissions) as Permissions,
    is_admin: bool(row.is_admin),
    blocked: bool(row.blocked),
    creation_date: row.creation_date,
  };
}

export function staffView(row: AccountRow): StaffMember {
  return { id: row.id, login: row.login, permissions: row.permissions, blocked: row.blocked, creation_date: row.creation_date };
}

/** Whether an account (and its dealer) is blocked; what a console that ended says. */
export interface AccountStanding {
  blocked: boolean;
  dealerBlocked: boolean;
}

/**
 * Accounts (the administrator and staff logins) and their sessions. A session's token (the API's
 * `hash`) is handed to the client and kept in `Session.hash` while a request runs; the database
 * stores only its SHA-256 (backend/accounts/session-tokens.ts), and every lookup hashes the token
 * presented.
 */
export class Accounts {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
  ) {}

  async byLogin(login: string): Promise<AccountRow | undefined> {
    const row = await this.store.get<StoredAccount>('SELECT * FROM accounts WHERE login = ?', [login]);
    return row && accountRow(row);
  }

  async byId(dealerId: number, id: number): Promise<AccountRow | undefined> {
    const row = await this.store.get<StoredAccount>('SELECT * FROM accounts WHERE id = ? AND dealer_id = ?', [id, dealerId]);
    return row && accountRow(row);
  }

  async dealerBlocked(dealerId: number): Promise<boolean> {
    return bool((await this.store.get<{ blocked: number }>('SELECT blocked FROM dealers WHERE id = ?', [dealerId]))?.blocked);
  }

  /** Whether the account and its dealer are blocked; undefined when the account is gone. */
  async standing(accountId: number): Promise<AccountStanding | undefined> {
    const row = await this.store.get<{ blocked: number; dealer_blocked: number }>(
      'SELECT a.blocked, d.blocked AS dealer_blocked FROM accounts a JOIN dealers d ON d.id = a.dealer_id WHERE a.id = ?',
      [accountId],
    );
    return row && { blocked: bool(row.blocked), dealerBlocked: bool(row.dealer_blocked) };
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
    const digest = sessionTokenDigest(hash);
    const now = this.clock.now().getTime();
    return this.store.transaction(async (tx) => {
      const current = await tx.get<{ password_hash: string; permissions: string; blocked: number; dealer_blocked: number }>(
        'SELECT a.password_hash, a.permissions, a.blocked, d.blocked AS dealer_blocked FROM accounts a JOIN dealers d ON d.id = a.dealer_id WHERE a.id = ?',
        [account.id],
      );
      if (!current || current.password_hash !== account.password_hash || bool(current.blocked) || bool(current.dealer_blocked)) return undefined;
      await tx.run('INSERT INTO sessions (hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [digest, account.id, now, now + this.sessionTtlMs]);
      return { hash, permissions: JSON.parse(current.permissions) as Permissions };
    });
  }

  /** The live session behind a token (the API's hash), or undefined (unknown, expired, logged out, blocked). */
  async resolve(hash: string): Promise<Session | undefined> {
    // Every API call runs this: scalar subqueries, not JOINs, which cost sql.js ~12 µs more per
    // execution (see readTrackerRowById in tracker-rows.ts). One statement, so one snapshot.
    const digest = sessionTokenDigest(hash);
    const row = await this.store.get<StoredAccount & { expires_at: number; dealer_blocked: number }>(
      `SELECT a.*, (SELECT expires_at FROM sessions WHERE hash = ?) AS expires_at,
              (SELECT blocked FROM dealers WHERE id = a.dealer_id) AS dealer_blocked
       FROM accounts a WHERE a.id = (SELECT account_id FROM sessions WHERE hash = ?)`,
      [digest, digest],
    );
    if (!row || row.dealer_blocked === null || row.expires_at <= this.clock.now().getTime() || bool(row.blocked) || bool(row.dealer_blocked)) {
      return undefined;
    }
    return {
      hash,
      accountId: row.id,
      dealerId: row.dealer_id,
      login: row.login,
      isAdmin: bool(row.is_admin),
      permissions: JSON.parse(row.permissions) as Permissions,
    };
  }

  /**
   * Deletes session rows that expired before `beforeMs`. The billing scheduler calls it with a
   * time measured from the last billed day, not the wall clock (see billing-scheduler.ts).
   */
  async pruneSessions(beforeMs: number): Promise<void> {
    await this.store.transaction((tx) => tx.run('DELETE FROM sessions WHERE expires_at < ?', [beforeMs]));
  }

  /** Ends the session of a token (logout). */
  async endSession(hash: string): Promise<void> {
    const digest = sessionTokenDigest(hash);
    await this.store.transaction((tx) => tx.run('DELETE FROM sessions WHERE hash = ?', [digest]));
  }

  async listStaff(dealerId: number): Promise<AccountRow[]> {
    const rows = await this.store.all<StoredAccount>('SELECT * FROM accounts WHERE dealer_id = ? AND is_admin = 0 ORDER BY id', [dealerId]);
    return rows.map(accountRow);
  }

  /** A staff login; 206 when the login is taken (by any dealer's account). */
  async createStaff(dealerId: number, login: string, passwordHash: string, permissions: Permissions): Promise<number> {
    const creationDate = utcDateTime(this.clock.now());
    return this.store.transaction(async (tx) => {
      if (await tx.get('SELECT 1 FROM accounts WHERE login = ?', [login])) throw new ApiError(Code.LoginInUse);
      return tx.insert('INSERT INTO accounts (dealer_id, login, password_hash, permissions, is_admin, blocked, creation_date) VALUES (?, ?, ?, ?, 0, 0, ?)', [
        dealerId,
        login,
        passwordHash,
        JSON.stringify(permissions),
        creationDate,
      ]);
    });
  }

  async updateStaff(id: number, changes: { permissions?: Permissions; passwordHash?: string; blocked?: boolean }): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (changes.permissions) await tx.run('UPDATE accounts SET permissions = ? WHERE id = ?', [JSON.stringify(changes.permissions), id]);
      if (changes.passwordHash) await tx.run('UPDATE accounts SET password_hash = ? WHERE id = ?', [changes.passwordHash, id]);
      if (changes.blocked !== undefined) await tx.run('UPDATE accounts SET blocked = ? WHERE id = ?', [flag(changes.blocked), id]);
      // A new password or a block ends the staff member's open sessions.
      if (changes.passwordHash || changes.blocked) await tx.run('DELETE FROM sessions WHERE account_id = ?', [id]);
    });
  }

  /**
   * A new password for an administrator account (`dealer-console admin reset-password`, the desktop
   * app's menu): every session of the account ends in the same transaction. Undefined when there
   * is no administrator with that login.
   */
  async resetAdminPassword(login: string, passwordHash: string): Promise<{ accountId: number; sessionsEnded: number } | undefined> {
    return this.store.transaction(async (tx) => {
      const account = await tx.get<{ id: number }>('SELECT id FROM accounts WHERE login = ? AND is_admin = 1', [login]);
      if (!account) return undefined;
      await tx.run('UPDATE accounts SET password_hash = ? WHERE id = ?', [passwordHash, account.id]);
      const { changes } = await tx.run('DELETE FROM sessions WHERE account_id = ?', [account.id]);
      return { accountId: account.id, sessionsEnded: changes };
    });
  }

  async deleteStaff(id: number): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.run('DELETE FROM sessions WHERE account_id = ?', [id]);
      await tx.run('DELETE FROM accounts WHERE id = ? AND is_admin = 0', [id]);
    });
  }
}
