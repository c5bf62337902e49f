import type { DeviceType, ServicePrices, Tariff, TariffType } from '../../../shared/entities.js';
import { ApiError } from '../../api/api-error.js';
import { toCents } from '../../../shared/billing/money.js';
import type { DurableStore } from '../durable-store.js';

export interface TariffRow {
  id: number;
  dealer_id: number;
  name: string;
  group_id: number;
  active: number;
  type: TariffType;
  price_cents: number;
  early_change_price_cents: number | null;
  device_limit: number;
  has_reports: number;
  store_period: string;
  device_type: DeviceType;
  proportional_charge: number;
  service_prices: string;
  doc_type: number;
}


export function presentTariff(row: TariffRow): Tariff {
  return {
    id: row.id,
    name: row.name,
    group_id: row.group_id,
    active: row.active === 1,
    type: row.type,
    price: row.price_cents / 100,
    early_change_price: row.early_change_price_cents === null ? null : row.early_change_price_cents / 100,
    device_limit: row.device_limit,
    has_reports: row.has_reports === 1,
    store_period: row.store_period,
    device_type: row.device_type,
    proportional_charge: row.proportional_charge === 1,
    service_prices: JSON.parse(row.service_prices) as ServicePrices,
    doc_type: row.doc_type as Tariff['doc_type'],
  };
}

/** Only trackers have per-day plans (tariff doc: "monthly" or "activeday" for tracker device_type only). */
export function typeSupported(deviceType: DeviceType, type: TariffType): boolean {
  return deviceType === 'tracker' || type === 'monthly';
}

export type TariffInput = Omit<Tariff, 'id'>;

export interface TariffDefaults {
  tariff_id: number | null;
  activation_bonus: number;
  free_days: number;
  free_days_device_limit: number | null;
}

export const tariffOrderColumns = { id: 'id', name: 'lower(name)', device_type: 'device_type', group_id: 'group_id', price: 'price_cents' } as const;

export class Tariffs {
  constructor(private readonly store: DurableStore) {}

  find(dealerId: number, tariffId: number): TariffRow | undefined {
    return this.store.get<TariffRow>('SELECT * FROM tariffs WHERE id = ? AND dealer_id = ?', [tariffId, dealerId]);
  }

  owned(dealerId: number, tariffId: number): TariffRow {
    const row = this.find(dealerId, tariffId);
    if (!row) throw new ApiError(201);
    return row;
  }

  list(
    dealerId: number,
    q: { deviceType?: DeviceType; filter?: string; orderBy: keyof typeof tariffOrderColumns; ascending: boolean; offset: number; limit: number },
  ): { rows: TariffRow[]; count: number } {
    const where = ['dealer_id = ?'];
    const params: (string | number)[] = [dealerId];
    if (q.deviceType) {
      where.push('device_type = ?');
      params.push(q.deviceType);
    }
    const filter = q.filter?.trim();
    if (filter) {
      const like = `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push("(CAST(id AS TEXT) LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR printf('%.2f', price_cents / 100.0) LIKE ? ESCAPE '\\' OR device_type LIKE ? ESCAPE '\\')");
      params.push(like, like, like, like);
    }
    const whereSql = where.join(' AND ');
    const count = this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM tariffs WHERE ${whereSql}`, params)!.n;
    const dir = q.ascending ? 'ASC' : 'DESC';
    const rows = this.store.all<TariffRow>(
      `SELECT * FROM tariffs WHERE ${whereSql} ORDER BY ${tariffOrderColumns[q.orderBy]} ${dir}, id ${dir} LIMIT ? OFFSET ?`,
      [...params, q.limit, q.offset],
    );
    return { rows, count };
  }

  private columns(t: TariffInput): (string | number | null)[] {
    return [
      t.name,
      t.group_id,
      t.active ? 1 : 0,
      t.type,
      toCents(t.price),
      t.early_change_price === null ? null : toCents(t.early_change_price),
      t.device_limit,
      t.has_reports ? 1 : 0,
      t.store_period,
      t.proportional_charge ? 1 : 0,
      JSON.stringify(t.service_prices),
      t.doc_type,
    ];
  }

  async create(dealerId: number, tariff: TariffInput): Promise<number> {
    if (!typeSupported(tariff.device_type, tariff.type)) throw new ApiError(214);
    return this.store.write((tx) => {
      if (tx.get('SELECT 1 FROM tariffs WHERE dealer_id = ? AND name = ?', [dealerId, tariff.name])) throw new ApiError(244);
      return tx.run(
        `INSERT INTO tariffs (name, group_id, active, type, price_cents, early_change_price_cents, device_limit, has_reports,
                              store_period, proportional_charge, service_prices, doc_type, device_type, dealer_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [...this.columns(tariff), tariff.device_type, dealerId],
      ).lastInsertRowid;
    });
  }

  /** `device_type` cannot change after creation (tariff doc), so it is not an input here. */
  async update(dealerId: number, tariffId: number, tariff: Omit<TariffInput, 'device_type'>): Promise<void> {
    await this.store.write((tx) => {
      const row = tx.get<TariffRow>('SELECT * FROM tariffs WHERE id = ? AND dealer_id = ?', [tariffId, dealerId]);
      if (!row) throw new ApiError(201);
      if (!typeSupported(row.device_type, tariff.type)) throw new ApiError(214);
      if (tx.get('SELECT 1 FROM tariffs WHERE dealer_id = ? AND name = ? AND id <> ?', [dealerId, tariff.name, tariffId])) throw new ApiError(244);
      tx.run(
        `UPDATE tariffs SET name = ?, group_id = ?, active = ?, type = ?, price_cents = ?, early_change_price_cents = ?,
                device_limit = ?, has_reports = ?, store_period = ?, proportional_charge = ?, service_prices = ?, doc_type = ?
         WHERE id = ?`,
        [...this.columns({ ...tariff, device_type: row.device_type }), tariffId],
      );
    });
  }

  /** The dealer's tariff defaults for a device type (tariff/defaults/read). */
  defaults(dealerId: number, deviceType: 'tracker' | 'camera'): TariffDefaults {
    const row = this.store.get<TariffDefaults>(
      'SELECT tariff_id, activation_bonus, free_days, free_days_device_limit FROM tariff_defaults WHERE dealer_id = ? AND device_type = ?',
      [dealerId, deviceType],
    );
    return row ?? { tariff_id: null, activation_bonus: 0, free_days: 0, free_days_device_limit: null };
  }

}
