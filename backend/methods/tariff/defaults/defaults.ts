import type { ReadDb } from '../../../storage/durable-store.js';

export interface TariffDefaults {
  tariff_id: number | null;
  activation_bonus: number;
  free_days: number;
  free_days_device_limit: number | null;
}

export function readDefaults(db: ReadDb, dealerId: number, deviceType: 'tracker' | 'camera'): TariffDefaults {
  const row = db.get<TariffDefaults>(
    'SELECT tariff_id, activation_bonus, free_days, free_days_device_limit FROM tariff_defaults WHERE dealer_id = ? AND device_type = ?',
    [dealerId, deviceType],
  );
  return row ?? { tariff_id: null, activation_bonus: 0, free_days: 0, free_days_device_limit: null };
}
