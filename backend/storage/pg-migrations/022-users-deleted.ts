import type { Migration } from '../migrations/runner.js';

/**
 * Released: do not edit. 022-users-deleted for PostgreSQL (INTEGER is BIGINT). The embedded
 * migration's transform gives existing administrators `users: corrupt`; PostgreSQL databases are
 * younger than that permission (their first administrator is created with every permission), so
 * there is nothing to rewrite.
 */
export const pgUsersDeleted: Migration = {
  id: '022-users-deleted',
  statements: [
    'ALTER TABLE users ADD COLUMN deleted BIGINT NOT NULL DEFAULT 0',
    'DROP INDEX users_login',
    'CREATE UNIQUE INDEX users_login ON users (dealer_id, login) WHERE deleted = 0',
  ],
};
