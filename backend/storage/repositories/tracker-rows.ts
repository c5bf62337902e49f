import type { ReadDb } from '../durable-store.js';

/** One tracker joined with its source and model: everything tracker/list renders and filters on. */
export interface TrackerRow {
  id: number;
  dealer_id: number;
  user_id: number;
  source_id: number;
  label: string;
  comment: string;
  group_id: number;
  clone: number;
  deleted: number;
  creation_date: string;
  avatar_file_name: string | null;
  device_id: string;
  model: string;
  model_name: string;
  phone: string | null;
  blocked: number;
  corrupted: number;
  tariff_id: number | null;
  source_creation_date: string;
  tariff_end_date: string | null;
  last_connection: string | null;
  last_data: string | null;
  connected: number;
}

export const TRACKER_ROW_SELECT = `
  SELECT t.id, t.dealer_id, t.user_id, t.source_id, t.label, t.comment, t.group_id, t.clone, t.deleted,
         t.creation_date, t.avatar_file_name, s.device_id, s.model, m.name AS model_name, s.phone, s.blocked,
         s.corrupted, s.tariff_id, s.creation_date AS source_creation_date, s.tariff_end_date,
         s.last_connection, s.last_data, s.connected
  FROM trackers t JOIN sources s ON s.id = t.source_id JOIN models m ON m.code = s.model`;

export function readTrackerRows(db: ReadDb, where: string, params: (string | number)[]): TrackerRow[] {
  return db.all<TrackerRow>(`${TRACKER_ROW_SELECT} WHERE ${where}`, params);
}
