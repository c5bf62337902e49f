import type { Migration } from '../migrations/runner.js';

/**
 * Released: do not edit. 007-server-settings for PostgreSQL: INTEGER is BIGINT (SQLite's integers are 64-bit),
 * AUTOINCREMENT keys are identity columns, WITHOUT ROWID tables are plain tables.
 */
export const pgServerSettings: Migration = {
  id: '007-server-settings',
  statements: ['CREATE TABLE server_settings (dealer_id BIGINT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (dealer_id, key))'],
};
