import type { Migration } from './runner.js';

/**
 * Released: do not edit. `tracker/raw_command/send` finds a source by device id among live and
 * corrupted ones (`device_id = ? AND dealer_id = ?`); the only device-id index is partial
 * (`corrupted = 0`), so that lookup scanned every source: its cost grew with the fleet, and an
 * unknown device id (answered 201) cost a full scan. A plain index on device_id serves it.
 */
export const sourcesDeviceIdAny: Migration = {
  id: '013-sources-device-id-any',
  statements: ['CREATE INDEX sources_device_id_any ON sources (device_id)'],
};
