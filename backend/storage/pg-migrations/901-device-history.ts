import type { Migration } from '../migrations/runner.js';

/**
 * Released: do not edit. PostgreSQL only: device history (the embedded engine keeps it in files
 * under <data>/tracking). `device_history` is partitioned by UTC day of `received` (ms since the
 * epoch); the partitions `device_history_YYYYMMDD` are created ahead by the history store
 * (backend/devices/pg-history-store.ts) and retention drops whole partitions. `seq` orders records
 * received in the same millisecond. The partitioned index (source_id, received, seq) serves
 * `tracker/history/read` pages. `device_history_corrupted` keeps a corrupted tracker's history
 * aside (never deleted), named by the same `moved_to` the embedded engine gives its folder.
 */
export const pgDeviceHistory: Migration = {
  id: 'pg-901-device-history',
  statements: [
    'CREATE SEQUENCE device_history_seq',
    `CREATE TABLE device_history (
      source_id integer NOT NULL,
      received bigint NOT NULL,
      seq bigint NOT NULL DEFAULT nextval('device_history_seq'),
      kind text NOT NULL CHECK (kind IN ('position', 'status')),
      record json NOT NULL
    ) PARTITION BY RANGE (received)`,
    'CREATE INDEX device_history_source_time ON device_history (source_id, received, seq)',
    `CREATE TABLE device_history_corrupted (
      moved_to text NOT NULL,
      source_id integer NOT NULL,
      received bigint NOT NULL,
      seq bigint NOT NULL,
      kind text NOT NULL,
      record json NOT NULL
    )`,
    'CREATE INDEX device_history_corrupted_moved ON device_history_corrupted (moved_to, received, seq)',
  ],
};
