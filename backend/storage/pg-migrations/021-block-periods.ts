import type { Migration } from '../migrations/runner.js';

/** Released: do not edit. 021-block-periods for PostgreSQL (INTEGER is BIGINT, no WITHOUT ROWID). */
export const pgBlockPeriods: Migration = {
  id: '021-block-periods',
  statements: [
    `CREATE TABLE source_block_periods (
      source_id BIGINT NOT NULL REFERENCES sources(id),
      blocked_from TEXT NOT NULL,
      blocked_until TEXT,
      PRIMARY KEY (source_id, blocked_from)
    )`,
    `INSERT INTO source_block_periods (source_id, blocked_from, blocked_until)
     SELECT id, tariff_end_date || ' 00:00:00', NULL FROM sources
     WHERE blocked = 1 AND tariff_end = 1 AND manual_block = 0 AND tariff_end_date IS NOT NULL`,
  ],
};
