import type { Migration } from './runner.js';

/**
 * Released: do not edit. user/corrupt marks a user deleted (`users.deleted`, 0/1) instead of
 * removing the row: its transactions and the trackers it owned keep their owner. A deleted user is
 * not found by any method, and its login is free again, so the unique login index now covers only
 * users that are not deleted (a partial index, valid on SQLite and PostgreSQL alike).
 *
 * The administrator holds every permission as a stored set; the new `users: corrupt` operation is
 * added to each administrator's set here (staff get it only when granted).
 */
export const usersDeleted: Migration = {
  id: '022-users-deleted',
  statements: [
    'ALTER TABLE users ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0',
    'DROP INDEX users_login',
    'CREATE UNIQUE INDEX users_login ON users (dealer_id, login) WHERE deleted = 0',
  ],
  transform: {
    version: 'administrators get users: corrupt v1',
    run(tx) {
      const admins = tx.all<{ id: number; permissions: string }>('SELECT id, permissions FROM accounts WHERE is_admin = 1 ORDER BY id');
      let changed = false;
      for (const admin of admins) {
        const permissions = JSON.parse(admin.permissions) as Record<string, string[]>;
        const users = permissions.users ?? [];
        if (users.includes('corrupt')) continue;
        permissions.users = [...users, 'corrupt'];
        tx.run('UPDATE accounts SET permissions = ? WHERE id = ?', [JSON.stringify(permissions), admin.id]);
        changed = true;
      }
      return changed;
    },
  },
};
