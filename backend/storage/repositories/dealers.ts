import { utcDate, utcDateTime, type Clock } from '../../../shared/clock.js';
import type { Permissions } from '../../../shared/permissions.js';
import type { Store } from '../store.js';

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
