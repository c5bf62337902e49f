import type { Migration } from '../migrations/runner.js';

/**
 * Released: do not edit. The embedded engine's 008-session-token-digests rewrote stored session tokens into digests;
 * a PostgreSQL database has held digests from its first session, so there is nothing to do. Kept so
 * that both lists name the same migrations.
 */
export const pgSessionTokenDigests: Migration = { id: '008-session-token-digests', statements: [] };
