import type { Migration } from '../migrations/runner.js';

/** Released: do not edit. 023-audit-changes for PostgreSQL (the same TEXT column). */
export const pgAuditChanges: Migration = {
  id: '023-audit-changes',
  statements: ['ALTER TABLE audit_log ADD COLUMN changes TEXT'],
};
