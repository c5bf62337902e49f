import type { DurableStore } from '../durable-store.js';

export type ServerSettingKey = 'device_public_host';

/** Settings of this installation, per dealer (key → text). */
export class ServerSettings {
  constructor(private readonly store: DurableStore) {}

  get(dealerId: number, key: ServerSettingKey): string | undefined {
    return this.store.get<{ value: string }>('SELECT value FROM server_settings WHERE dealer_id = ? AND key = ?', [dealerId, key])?.value;
  }

  async set(dealerId: number, key: ServerSettingKey, value: string | null): Promise<void> {
    await this.store.write((tx) => {
      if (value === null) tx.run('DELETE FROM server_settings WHERE dealer_id = ? AND key = ?', [dealerId, key]);
      else tx.run('INSERT OR REPLACE INTO server_settings (dealer_id, key, value) VALUES (?, ?, ?)', [dealerId, key, value]);
    });
  }
}
