import { utcDate, utcDateTime, type Clock } from '../../../shared/clock.js';
import type { Permissions } from '../../../shared/permissions.js';
import type { Store } from '../store.js';
import { bool } from './sql-helpers.js';

/** What dealer/get_info reads of a dealer; money in cents. */
export interface DealerSummary {
  id: number;
  name: string;
  blocked: boolean;
  creation_date: string;
  trackers: number;
  clones: number;
  users: number;
  balanceCents: number;
  bonusCents: number;
}

/** Dealers: the first start of an empty data folder creates dealer #1 and its administrator. */
export class Dealers {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Whether the data folder has a dealer (and so an administrator) yet. */
  async any(): Promise<boolean> {
    return (await this.store.get('SELECT 1 FROM dealers LIMIT 1')) !== undefined;
  }

  /** dealer/get_info's stored part: the dealer row, its trackers (not deleted) and its users' totals (users
   * deleted by user/corrupt left out). */
  async info(dealerId: number): Promise<DealerSummary | undefined> {
    const row = await this.store.get<Omit<DealerSummary, 'blocked'> & { blocked: number }>(
      `SELECT d.id, d.name, d.blocked, d.creation_date,
              COALESCE(t.originals, 0) AS trackers, COALESCE(t.clones, 0) AS clones,
              u.users, COALESCE(u.balance, 0) AS "balanceCents", COALESCE(u.bonus, 0) AS "bonusCents"
       FROM dealers d,
            (SELECT SUM(CASE WHEN clone = 0 THEN 1 ELSE 0 END) AS originals, SUM(CASE WHEN clone = 1 THEN 1 ELSE 0 END) AS clones
             FROM trackers WHERE dealer_id = ?1 AND deleted = 0) t,
            (SELECT COUNT(*) AS users, SUM(balance_cents) AS balance, SUM(bonus_cents) AS bonus FROM users WHERE dealer_id = ?1 AND deleted = 0) u
       WHERE d.id = ?1`,
      [dealerId],
    );
    return row && { ...row, blocked: bool(row.blocked) };
  }

  /** Every dealer's id, in order. */
  ids(): Promise<number[]> {
    return this.store.column<number>('SELECT id FROM dealers ORDER BY id');
  }

  /**
   * Dealer #1, its administrator and its tariff defaults, in one transaction; false (and nothing
   * written) when a dealer exists already.
   */
  async createFirst(admin: { login: string; passwordHash: string; permissions: Permissions }): Promise<boolean> {
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      if (await tx.get('SELECT 1 FROM dealers LIMIT 1')) return false;
      await tx.run('INSERT INTO dealers (id, name, blocked, creation_date) VALUES (1, ?, 0, ?)', ['Dealer #1', utcDate(now)]);
      await tx.insert('INSERT INTO accounts (dealer_id, login, password_hash, permissions, is_admin, blocked, creation_date) VALUES (1, ?, ?, ?, 1, 0, ?)', [
        admin.login,
        admin.passwordHash,
        JSON.stringify(admin.permissions),
        utcDateTime(now),
      ]);
      await tx.run("INSERT INTO tariff_defaults (dealer_id, device_type, free_days) VALUES (1, 'tracker', 0)");
      await tx.run("INSERT INTO tariff_defaults (dealer_id, device_type, free_days) VALUES (1, 'camera', 0)");
      return true;
    });
  }
}
