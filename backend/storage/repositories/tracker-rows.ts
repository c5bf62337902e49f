import type { ReadDb } from '../sql-types.js';
import { bool } from './sql-helpers.js';

/** One tracker joined with its source and model: everything tracker/list renders and filters on. */
export interface TrackerRow {
  id: number;
  dealer_id: number;
  user_id: number;
  source_id: number;
  label: string;
  comment: string;
  group_id: number;
  clone: boolean;
  deleted: boolean;
  creation_date: string;
  avatar_file_name: string | null;
  device_id: string;
  model: string;
  model_name: string;
  phone: string | null;
  blocked: boolean;
  corrupted: boolean;
  tariff_id: number | null;
  source_creation_date: string;
  tariff_end_date: string | null;
  last_connection: string | null;
  last_data: string | null;
  connected: boolean;
}

/** The row's stored 0/1 flags. */
export const TRACKER_ROW_FLAGS = ['clone', 'deleted', 'blocked', 'corrupted', 'connected'] as const;

type StoredTrackerRow = Omit<TrackerRow, (typeof TRACKER_ROW_FLAGS)[number]> & Record<(typeof TRACKER_ROW_FLAGS)[number], number>;

export const TRACKER_ROW_SELECT = `
  SELECT t.id, t.dealer_id, t.user_id, t.source_id, t.label, t.comment, t.group_id, t.clone, t.deleted,
         t.creation_date, t.avatar_file_name, s.device_id, s.model, m.name AS model_name, s.phone, s.blocked,
         s.corrupted, s.tariff_id, s.creation_date AS source_creation_date, s.tariff_end_date,
         s.last_connection, s.last_data, s.connected
  FROM trackers t JOIN sources s ON s.id = t.source_id JOIN models m ON m.code = s.model`;

/** The stored row with its flags as booleans (the repository boundary). */
function toTrackerRow(row: StoredTrackerRow): TrackerRow {
  return {
    ...row,
    clone: bool(row.clone),
    deleted: bool(row.deleted),
    blocked: bool(row.blocked),
    corrupted: bool(row.corrupted),
    connected: bool(row.connected),
  };
}

/**
 * Tracker rows by a WHERE clause. Synchronous: only the embedded engine's tracker index (and the
 * storage tests) read this way, straight from the DurableStore.
 */
export function readTrackerRows(db: ReadDb, where: string, params: (string | number)[]): TrackerRow[] {
  return db.all<StoredTrackerRow>(`${TRACKER_ROW_SELECT} WHERE ${where}`, params).map(toTrackerRow);
}
