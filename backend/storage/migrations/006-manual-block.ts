import type { Migration } from './runner.js';

/** Released: do not edit. Tells the dealer's own block (tracker/source/update) from a block for non-payment. */
export const manualBlock: Migration = {
  id: '006-manual-block',
  statements: [
    'ALTER TABLE sources ADD COLUMN manual_block INTEGER NOT NULL DEFAULT 0',
    'UPDATE sources SET manual_block = 1 WHERE blocked = 1 AND tariff_end = 0',
  ],
};
