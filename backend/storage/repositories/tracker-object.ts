import { connectionStatus } from '../../../shared/connection-status.js';
import type { Tracker } from '../../../shared/entities.js';
import type { TrackerRow } from './tracker-rows.js';

/** The API's tracker object; `corrupted` only appears when true, `avatar_file_name` only when set. */
export function presentTracker(row: TrackerRow, ownerName: string, now: Date): Tracker {
  const tracker: Tracker = {
    id: row.id,
    clone: row.clone,
    comment: row.comment,
    creation_date: row.creation_date,
    group_id: row.group_id,
    dealer_id: row.dealer_id,
    deleted: row.deleted,
    label: row.label,
    user_id: row.user_id,
    source: {
      id: row.source_id,
      device_id: row.device_id,
      model: row.model,
      blocked: row.blocked,
      tariff_id: row.tariff_id,
      creation_date: row.source_creation_date,
      tariff_end_date: row.tariff_end_date,
      connection_status: connectionStatus({ connected: row.connected, lastConnection: row.last_connection, lastData: row.last_data }, now),
      phone: row.phone,
    },
    model_name: row.model_name,
    last_connection: row.last_connection,
    owner_name: ownerName,
  };
  if (row.avatar_file_name) tracker.avatar_file_name = row.avatar_file_name;
  if (row.corrupted) tracker.source.corrupted = true;
  return tracker;
}
