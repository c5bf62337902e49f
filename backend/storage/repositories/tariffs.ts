import type { DeviceType, ServicePrices, Tariff, TariffType } from '../../../shared/entities.js';
import { Code } from '../../../shared/errors.js';
import type { TariffDefaults, TariffOrder } from '../../../shared/api/tariff.js';
import { ApiError } from '../../api/api-error.js';
import { toCents } from '../../../shared/billing/money.js';
import type { SqlParam, Store } from '../store.js';
import { anyLike, bool, flag, orderBy, page } from './sql-helpers.js';

export type { TariffDefaults };

interface StoredTariff {
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

/** A tariff as the repository hands it out: flags as booleans, service prices parsed, money in cents. */
export interface TariffRow {
  id: number;
  dealer_id: number;
  name: string;
  group_id: number;
  active: boolean;
  type: TariffType;
  price_cents: number;
  early_change_price_cents: number | null;
  device_limit: number;
  has_reports: boolean;
  store_period: string;
  device_type: DeviceType;
  proportional_charge: boolean;
  service_prices: ServicePrices;
  doc_type: Tariff['doc_type'];
}

function tariffRow(row: StoredTariff): TariffRow {
  return {
    ...row,
    active: bool(row.active),
    has_reports: bool(row.has_reports),
    proportional_charge: bool(row.proportional_charge),
    service_prices: JSON.parse(row.service_prices) as ServicePrices,
    doc_type: row.doc_type as Tariff['doc_type'],
  };
}

export function presentTariff(row: TariffRow): Tariff {
  return {
    id: row.id,
    name: row.name,
    group_id: row.group_id,
    active: row.active,
    type: row.type,
    price: row.price_cents / 100,
    early_change_price: row.early_change_price_cents === null ? null : row.early_change_price_cents / 100,
    device_limit: row.device_limit,
    has_reports: row.has_reports,
    store_period: row.store_period,
    device_type: row.device_type,
    proportional_charge: row.proportional_charge,
    service_prices: row.service_prices,
    doc_type: row.doc_type,
  };
}

/** Only trackers have per-day plans (tariff doc: "monthly" or "activeday" for tracker device_type only). */
export function typeSupported(deviceType: DeviceType, type: TariffType): boolean {
  return deviceType === 'tracker' || type === 'monthly';
}

export type TariffInput = Omit<Tariff, 'id'>;

/** The ORDER BY allow-list of tariff/list. */
const tariffOrderColumns: Record<TariffOrder, string> = {
  id: 'id',
  name: 'lower(name)',
  device_type: 'device_type',
  group_id: 'group_id',
  price: 'price_cents',
};

const NO_DEFAULTS: TariffDefaults = { tariff_id: null, activation_bonus: 0, free_days: 0, free_days_device_limit: null };

export class Tariffs {
  /** What tariff/list `filter` looks in: the id, the name, the price as shown (2 decimals), the device type. */
  private readonly filterColumns: string[];

  constructor(private readonly store: Store) {
    const price = store.dialect === 'postgres' ? "to_char(price_cents / 100.0, 'FM999999990.00')" : "printf('%.2f', price_cents / 100.0)";
    this.filterColumns = ['CAST(id AS TEXT)', 'name', price, 'device_type'];
  }

  async find(dealerId: number, tariffId: number): Promise<TariffRow | undefined> {
    const row = await this.store.get<StoredTariff>('SELECT * FROM tariffs WHERE id = ? AND dealer_id = ?', [tariffId, dealerId]);
    return row && tariffRow(row);
  }

  /** The tariff of this dealer, or 201. */
  async owned(dealerId: number, tariffId: number): Promise<TariffRow> {
    const row = await this.find(dealerId, tariffId);
    if (!row) throw new ApiError(Code.NotFound);
    return row;
  }

  async list(
    dealerId: number,
    q: { deviceType?: DeviceType; filter?: string; orderBy: TariffOrder; ascending: boolean; offset: number; limit: number },
  ): Promise<{ rows: TariffRow[]; count: number }> {
    const where = ['dealer_id = ?'];
    const params: SqlParam[] = [dealerId];
    if (q.deviceType) {
      where.push('device_type = ?');
      params.push(q.deviceType);
    }
    const filter = q.filter?.trim();
    if (filter) {
      const like = anyLike(this.filterColumns, filter);
      where.push(like.sql);
      params.push(...like.params);
    }
    const whereSql = where.join(' AND ');
    const count = (await this.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM tariffs WHERE ${whereSql}`, params))!.n;
    const paging = page(q);
    const rows = await this.store.all<StoredTariff>(
      `SELECT * FROM tariffs WHERE ${whereSql}${orderBy(tariffOrderColumns, q.orderBy, q.ascending, 'id')}${paging.sql}`,
      [...params, ...paging.params],
    );
    return { rows: rows.map(tariffRow), count };
  }

  private columns(t: TariffInput): SqlParam[] {
    return [
      t.name,
      t.group_id,
      flag(t.active),
      t.type,
      toCents(t.price),
      t.early_change_price === null ? null : toCents(t.early_change_price),
      t.device_limit,
      flag(t.has_reports),
      t.store_period,
      flag(t.proportional_charge),
      JSON.stringify(t.service_prices),
      t.doc_type,
    ];
  }

  /** A new tariff: 214 for a per-day plan of a device type without them, 244 when the name is taken. */
  async create(dealerId: number, tariff: TariffInput): Promise<number> {
    if (!typeSupported(tariff.device_type, tariff.type)) throw new ApiError(Code.NotSupportedByDevice);
    const columns = this.columns(tariff);
    return this.store.transaction(async (tx) => {
      if (await tx.get('SELECT 1 FROM tariffs WHERE dealer_id = ? AND name = ?', [dealerId, tariff.name])) throw new ApiError(Code.DuplicateLabel);
      return tx.insert(
        `INSERT INTO tariffs (name, group_id, active, type, price_cents, early_change_price_cents, device_limit, has_reports,
                              store_period, proportional_charge, service_prices, doc_type, device_type, dealer_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [...columns, tariff.device_type, dealerId],
      );
    });
  }

  /** `device_type` cannot change after creation (tariff doc), so it is not an input here. */
  async update(dealerId: number, tariffId: number, tariff: Omit<TariffInput, 'device_type'>): Promise<void> {
    await this.store.transaction(async (tx) => {
      const row = await tx.get<{ device_type: DeviceType }>('SELECT device_type FROM tariffs WHERE id = ? AND dealer_id = ?', [tariffId, dealerId]);
      if (!row) throw new ApiError(Code.NotFound);
      if (!typeSupported(row.device_type, tariff.type)) throw new ApiError(Code.NotSupportedByDevice);
      if (await tx.get('SELECT 1 FROM tariffs WHERE dealer_id = ? AND name = ? AND id <> ?', [dealerId, tariff.name, tariffId])) {
        throw new ApiError(Code.DuplicateLabel);
      }
      await tx.run(
        `UPDATE tariffs SET name = ?, group_id = ?, active = ?, type = ?, price_cents = ?, early_change_price_cents = ?,
                device_limit = ?, has_reports = ?, store_period = ?, proportional_charge = ?, service_prices = ?, doc_type = ?
         WHERE id = ?`,
        [...this.columns({ ...tariff, device_type: row.device_type }), tariffId],
      );
    });
  }

  /** The dealer's tariff defaults for a device type (tariff/defaults/read). */
  async defaults(dealerId: number, deviceType: 'tracker' | 'camera'): Promise<TariffDefaults> {
    const row = await this.store.get<TariffDefaults>(
      'SELECT tariff_id, activation_bonus, free_days, free_days_device_limit FROM tariff_defaults WHERE dealer_id = ? AND device_type = ?',
      [dealerId, deviceType],
    );
    return row ?? { ...NO_DEFAULTS };
  }

  /** Sets the dealer's defaults of the given device types (tariff/defaults/update), in one transaction. */
  async setDefaults(dealerId: number, entries: readonly (readonly ['tracker' | 'camera', TariffDefaults])[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      for (const [deviceType, v] of entries) {
        await tx.run(
          `INSERT INTO tariff_defaults (dealer_id, device_type, tariff_id, activation_bonus, free_days, free_days_device_limit)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (dealer_id, device_type) DO UPDATE SET tariff_id = excluded.tariff_id, activation_bonus = excluded.activation_bonus,
             free_days = excluded.free_days, free_days_device_limit = excluded.free_days_device_limit`,
          [dealerId, deviceType, v.tariff_id, v.activation_bonus, v.free_days, v.free_days_device_limit],
        );
      }
    });
  }
}
