import type { Migration } from './runner.js';

/**
 * Released: do not edit. The fields an audited call changed, before and after: `audit_log.changes`
 * holds JSON text `[{entity_type, entity_id, field, before, after}, ...]` (null when the call
 * recorded none: a refusal, a sign-in, a creation whose new row the targets already name).
 */
export const auditChanges: Migration = {
  id: '023-audit-changes',
  statements: ['ALTER TABLE audit_log ADD COLUMN changes TEXT'],
};
