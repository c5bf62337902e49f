import type { Store } from '../store.js';

export type ServerSettingKey = 'device_public_host';

/** Settings of this installation, per dealer (key → text). */
export class ServerSettings {
  constructor(private readonly store: Store) {}

  async get(dealerId: number, key: ServerSettingKey): Promise<string | undefined> {
    return (await this.store.get<{ value: string }>('SELECT value FROM server_settings WHERE dealer_id = ? AND key = ?', [dealerId, key]))?.value;
  }

  /** Stores `value`, or with null removes the setting. */
  async set(dealerId: number, key: ServerSettingKey, value: string | null): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (value === null) await tx.run('DELETE FROM server_settings WHERE dealer_id = ? AND key = ?', [dealerId, key]);
      else
        await tx.run('INSERT INTO server_settings (dealer_id, key, value) VALUES (?, ?, ?) ON CONFLICT (dealer_id, key) DO UPDATE SET value = excluded.value', [
          dealerId,
          key,
          value,
        ]);
    });
  }
}
