import { createHash } from 'node:crypto';
import type { Migration } from './runner.js';

/**
 * Released: do not edit. Sessions were stored by their token (the `hash` the API hands out); from
 * here on `sessions.hash` holds the SHA-256 (hex) of the lower-cased token, and the token itself is
 * never written to the database or the journal (backend/accounts/session-tokens.ts). Existing
 * sessions keep working: their tokens are hashed here. The rows are deleted and inserted again,
 * so the journal record of this migration holds only digests; `purgeOldFiles` then rewrites the
 * snapshot and drops the journal files that still held tokens.
 */
export const sessionTokenDigests: Migration = {
  id: '008-session-token-digests',
  statements: [],
  transform: {
    version: 'sha256-hex(lower(token)) v1',
    run(tx) {
      const rows = tx.all<{ hash: string; account_id: number; created_at: number; expires_at: number }>(
        'SELECT hash, account_id, created_at, expires_at FROM sessions ORDER BY rowid',
      );
      if (rows.length === 0) return false;
      tx.run('DELETE FROM sessions');
      for (const row of rows) {
        const digest = createHash('sha256').update(row.hash.toLowerCase(), 'utf8').digest('hex');
        tx.run('INSERT OR IGNORE INTO sessions (hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
          digest,
          row.account_id,
          row.created_at,
          row.expires_at,
        ]);
      }
      return true;
    },
  },
  purgeOldFiles: true,
};
