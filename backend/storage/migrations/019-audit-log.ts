import type { Migration } from './runner.js';

/**
 * Released: do not edit. The audit trail: one row per audited API call (a successful write, a
 * refusal for missing permission, a sign-in or sign-out), written in the transaction of the change
 * it describes, and the entities each call touched (`audit_targets`, for the entity filter).
 * Administrators get the new `audit: read` permission; staff get it only when granted.
 */
export const auditLog: Migration = {
  id: '019-audit-log',
  statements: [
    `CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      dealer_id INTEGER NOT NULL,
      time TEXT NOT NULL,
      account_id INTEGER NOT NULL,
      login TEXT NOT NULL,
      is_admin INTEGER NOT NULL,
      transport TEXT NOT NULL,
      remote_address TEXT,
      action TEXT NOT NULL,
      params TEXT NOT NULL,
      result_code INTEGER NOT NULL
    )`,
    'CREATE INDEX audit_log_dealer_time ON audit_log (dealer_id, time, id)',
    'CREATE INDEX audit_log_account_time ON audit_log (account_id, time, id)',
    'CREATE INDEX audit_log_action_time ON audit_log (dealer_id, action, time, id)',
    `CREATE TABLE audit_targets (
      audit_id INTEGER NOT NULL,
      entity_type TEXT NOT NULL,
      entity_id INTEGER NOT NULL,
      PRIMARY KEY (audit_id, entity_type, entity_id)
    )`,
    'CREATE INDEX audit_targets_entity ON audit_targets (entity_type, entity_id, audit_id)',
    `UPDATE accounts SET permissions = json_set(permissions, '$.audit', json('["read"]')) WHERE is_admin = 1`,
  ],
};
