import type { Migration } from './runner.js';

/** Released: do not edit. Per-dealer settings of this installation (the device gateway's public host). */
export const serverSettings: Migration = {
  id: '007-server-settings',
  statements: ['CREATE TABLE server_settings (dealer_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (dealer_id, key))'],
};
