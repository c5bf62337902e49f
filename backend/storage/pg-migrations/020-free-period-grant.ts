import type { Migration } from '../migrations/runner.js';

/** Released: do not edit. 020-free-period-grant for PostgreSQL (INTEGER is BIGINT). */
export const pgFreePeriodGrant: Migration = {
  id: '020-free-period-grant',
  statements: ['ALTER TABLE sources ADD COLUMN free_period BIGINT NOT NULL DEFAULT 1'],
};
