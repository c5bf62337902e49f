import { utcDate, utcDateTime, type Clock } from '../../../shared/clock.js';
import type { Permissions } from '../../../shared/permissions.js';
import type { Store } from '../store.js';
import { bool } from './sql-helpers.js';

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

  /** dealer/get_info's stored part: the dealer row and its counts (each answered from an index on dealer_id or user_id). */
  async info(dealerId: number): Promise<
    | {
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
    | undefined
  > {
    const row = await this.store.get<{
      id: number;
      name: string;
      blocked: number;
      creation_date: string;
      trackers: number;
      clones: number;
      users: number;
      balance: number | null;
      bonus: number | null;
    }>(
      `SELECT d.id, d.name, d.blocked, d.creation_date,
              (SELECT COUNT(*) FROM trackers t WHERE t.dealer_id = d.id AND t.deleted = 0 AND t.clone = 0) AS trackers,
              (SELECT COUNT(*) FROM trackers t WHERE t.dealer_id = d.id AND t.deleted = 0 AND t.clone = 1) AS clones,
              (SELECT COUNT(*) FROM users u WHERE u.dealer_id = d.id) AS users,
              (SELECT SUM(u.balance_cents) FROM users u WHERE u.dealer_id = d.id) AS balance,
              (SELECT SUM(u.bonus_cents) FROM users u WHERE u.dealer_id = d.id) AS bonus
       FROM dealers d WHERE d.id = ?`,
      [dealerId],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      name: row.name,
      blocked: bool(row.blocked),
      creation_date: row.creation_date,
      trackers: row.trackers,
      clones: row.clones,
      users: row.users,
      balanceCents: row.balance ?? 0,
      bonusCents: row.bonus ?? 0,
    };
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
