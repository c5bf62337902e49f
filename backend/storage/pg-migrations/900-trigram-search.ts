import type { Migration } from '../migrations/runner.js';

/**
 * Released: do not edit. PostgreSQL only: trigram indexes for the case-insensitive substring
 * filters (`ILIKE '%...%'`, see likePattern in ../repositories/sql-helpers.ts) of tracker/list
 * (label, device id, phone) and user/list (login), so a filter is an index lookup, not a scan of
 * every row. pg_trgm is a trusted extension: the database's owner may create it.
 */
export const pgTrigramSearch: Migration = {
  id: 'pg-900-trigram-search',
  statements: [
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    'CREATE INDEX trackers_label_trgm ON trackers USING gin (label gin_trgm_ops)',
    'CREATE INDEX sources_device_id_trgm ON sources USING gin (device_id gin_trgm_ops)',
    'CREATE INDEX sources_phone_trgm ON sources USING gin (phone gin_trgm_ops)',
    'CREATE INDEX users_login_trgm ON users USING gin (login gin_trgm_ops)',
  ],
};
