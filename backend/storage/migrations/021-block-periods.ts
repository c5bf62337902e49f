import type { Migration } from './runner.js';

/**
 * Released: do not edit. The history of blocked time per source, for `proportional_charge` tariffs
 * (the monthly fee is reduced for the days the device was blocked). One row per stretch, UTC
 * `YYYY-MM-DD HH:MM:SS`; `blocked_until` is NULL while the source is still blocked. Written by the
 * repositories with every change of sources.blocked, stamped with the injected clock (or, for the
 * daily run, with the start of the day it bills). A source blocked for non-payment when this runs is
 * taken as blocked since its tariff ended; when a dealer's block began was never recorded, so such a
 * block gets no row and its days are not counted.
 */
export const blockPeriods: Migration = {
  id: '021-block-periods',
  statements: [
    `CREATE TABLE source_block_periods (
      source_id INTEGER NOT NULL REFERENCES sources(id),
      blocked_from TEXT NOT NULL,
      blocked_until TEXT,
      PRIMARY KEY (source_id, blocked_from)
    ) WITHOUT ROWID`,
    `INSERT INTO source_block_periods (source_id, blocked_from, blocked_until)
     SELECT id, tariff_end_date || ' 00:00:00', NULL FROM sources
     WHERE blocked = 1 AND tariff_end = 1 AND manual_block = 0 AND tariff_end_date IS NOT NULL`,
  ],
};
