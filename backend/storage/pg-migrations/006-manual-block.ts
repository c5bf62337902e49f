import type { Migration } from '../migrations/runner.js';

/**
 * Released: do not edit. 006-manual-block for PostgreSQL: INTEGER is BIGINT (SQLite's integers are 64-bit),
 * AUTOINCREMENT keys are identity columns, WITHOUT ROWID tables are plain tables.
 */
export const pgManualBlock: Migration = {
  id: '006-manual-block',
  statements: [
    'ALTER TABLE sources ADD COLUMN manual_block BIGINT NOT NULL DEFAULT 0',
    'UPDATE sources SET manual_block = 1 WHERE blocked = 1 AND tariff_end = 0',
  ],
};
