import type { ActiveMonth } from '../../shared/api/billing';
import type { Tracker, User } from '../../shared/entities';
import type { ExportColumn } from '../ui/export';

/** Exported columns per table: the API's field names as headers, so a sheet maps back to the API. */
export const trackerExport: ExportColumn<Tracker>[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'label', value: (t) => t.label },
  { header: 'clone', value: (t) => t.clone },
  { header: 'user_id', value: (t) => t.user_id },
  { header: 'owner_name', value: (t) => t.owner_name },
  { header: 'model', value: (t) => t.source.model },
  { header: 'model_name', value: (t) => t.model_name },
  { header: 'device_id', value: (t) => t.source.device_id },
  { header: 'phone', value: (t) => t.source.phone },
  { header: 'tariff_id', value: (t) => t.source.tariff_id },
  { header: 'tariff_end_date', value: (t) => t.source.tariff_end_date },
  { header: 'connection_status', value: (t) => t.source.connection_status },
  { header: 'blocked', value: (t) => t.source.blocked },
  { header: 'deleted', value: (t) => t.deleted },
  { header: 'creation_date', value: (t) => t.creation_date },
  { header: 'last_connection', value: (t) => t.last_connection },
  { header: 'comment', value: (t) => t.comment },
];

export const userExport: ExportColumn<User>[] = [
  { header: 'id', value: (u) => u.id },
  { header: 'login', value: (u) => u.login },
  { header: 'legal_type', value: (u) => u.legal_type },
  { header: 'first_name', value: (u) => u.first_name },
  { header: 'last_name', value: (u) => u.last_name },
  { header: 'legal_name', value: (u) => u.legal_name },
  { header: 'phone', value: (u) => u.phone },
  { header: 'activated', value: (u) => u.activated },
  { header: 'balance', value: (u) => u.balance },
  { header: 'bonus', value: (u) => u.bonus },
  { header: 'trackers_count', value: (u) => u.trackers_count },
  { header: 'default_tariff_id', value: (u) => u.default_tariff_id },
];

export const activityExport: ExportColumn<ActiveMonth>[] = [
  { header: 'month', value: (m) => m.month },
  { header: 'active_trackers', value: (m) => m.amount },
];
