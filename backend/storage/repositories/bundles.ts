import type { BundleOrderKey } from '../../../shared/api/bundle-params.js';
import type { Bundle } from '../../../shared/api/bundle.js';
import { utcDateTime, type Clock } from '../../../shared/clock.js';
import { Code } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import type { SqlParam, Store } from '../store.js';
import { anyLike, bool, existingValues, flag, insertMany, orderBy, page, type PageRequest } from './sql-helpers.js';

export type { Bundle, BundleOrderKey };

/** A bundle as stored, joined with its equipment and SIM card (flags still 0/1). */
interface BundleRow {
  id: number;
  imei: string;
  equip_id: number;
  factory_preset: number;
  assign_time: string | null;
  order_id: number | null;
  model_code: string;
  equip_vendor: string;
  equip_name: string;
  equip_model: string;
  iccid: string | null;
  sim_phone: string | null;
  sim_apn: string | null;
  sim_blocked: number | null;
  sim_deleted: number | null;
}

const BUNDLE_FROM = `FROM bundles b
  JOIN equipment e ON e.id = b.equip_id
  LEFT JOIN sim_cards s ON s.id = b.sim_card_id`;

const BUNDLE_SELECT = `SELECT b.id, b.imei, b.equip_id, b.factory_preset, b.assign_time, b.order_id,
  e.model_code, e.vendor AS equip_vendor, e.name AS equip_name, e.model_name AS equip_model,
  s.iccid, s.phone AS sim_phone, s.apn AS sim_apn, s.blocked AS sim_blocked, s.deleted AS sim_deleted
  ${BUNDLE_FROM}`;

function toBundle(row: BundleRow): Bundle {
  return {
    id: row.id,
    imei: row.imei,
    model_code: row.model_code,
    equip_id: row.equip_id,
    equip_vendor: row.equip_vendor,
    equip_name: row.equip_name,
    equip_model: row.equip_model,
    iccid: row.iccid,
    assign_time: row.assign_time,
    order_id: row.order_id,
    factory_preset: bool(row.factory_preset),
    sim_card:
      row.iccid === null ? null : { phone: row.sim_phone, iccid: row.iccid, apn: row.sim_apn, blocked: bool(row.sim_blocked), deleted: bool(row.sim_deleted) },
  };
}

/** Order keys whose column may be NULL (no SIM card, not assigned, in no order, no equipment). */
const NULLABLE_BUNDLE_ORDER: readonly BundleOrderKey[] = [
  'model_code',
  'iccid',
  'assign_time',
  'order_id',
  'model',
  'creation_date',
  'phone',
  'label',
  'user_id',
];

/** bundle/list `order_by` → column (the allow-list). */
const bundleOrderColumns: Readonly<Record<BundleOrderKey, string>> = {
  id: 'b.id',
  model_code: 'e.model_code',
  imei: 'b.imei',
  iccid: 's.iccid',
  assign_time: 'b.assign_time',
  order_id: 'b.order_id',
  // The later docs' values (copied from tracker/list), on what a bundle has for each:
  device_id: 'b.imei',
  model: 'e.model_code',
  creation_date: 'b.assign_time',
  phone: 's.phone',
  // a bundle has no label of its own: its equipment's name
  label: 'e.name',
  // the user the bundle was shipped to, through its order
  user_id: '(SELECT o.user_id FROM orders o WHERE o.id = b.order_id)',
  // a bundle has no status or comment: these keep the default order (by id)
  status: 'b.id',
  comment: 'b.id',
};

/** Columns bundle/list's `filter` searches. */
const BUNDLE_FILTER = ['CAST(b.id AS TEXT)', 'b.imei', 'e.model_code', 's.iccid', 'b.assign_time'];

/** What a device registered from the dealer's stock takes from its bundle. */
export interface StockDevice {
  model_code: string;
  /** The phone of the bundle's SIM card, when it has one that is not deleted. */
  phone: string | null;
}

/** Bundles of one dealer. */
export class Bundles {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async findById(dealerId: number, bundleId: number): Promise<Bundle | undefined> {
    const row = await this.store.get<BundleRow>(`${BUNDLE_SELECT} WHERE b.id = ? AND b.dealer_id = ?`, [bundleId, dealerId]);
    return row && toBundle(row);
  }

  async findByImei(dealerId: number, imei: string): Promise<Bundle | undefined> {
    const row = await this.store.get<BundleRow>(`${BUNDLE_SELECT} WHERE b.imei = ? AND b.dealer_id = ?`, [imei, dealerId]);
    return row && toBundle(row);
  }

  /** tracker/register: the model and SIM card phone of the dealer's bundle with this IMEI, if any. */
  async stockDevice(dealerId: number, imei: string): Promise<StockDevice | undefined> {
    return this.store.get<StockDevice>(
      `SELECT e.model_code, s.phone FROM bundles b JOIN equipment e ON e.id = b.equip_id
       LEFT JOIN sim_cards s ON s.id = b.sim_card_id AND s.deleted = 0
       WHERE b.dealer_id = ? AND b.imei = ?`,
      [dealerId, imei],
    );
  }

  /** The bundles shipped against an order, by id. */
  async byOrder(dealerId: number, orderId: number): Promise<Bundle[]> {
    const rows = await this.store.all<BundleRow>(`${BUNDLE_SELECT} WHERE b.order_id = ? AND b.dealer_id = ? ORDER BY b.id`, [orderId, dealerId]);
    return rows.map(toBundle);
  }

  async list(dealerId: number, q: PageRequest & { filter?: string; orderBy: BundleOrderKey; ascending: boolean }): Promise<{ rows: Bundle[]; count: number }> {
    let where = 'b.dealer_id = ?';
    const params: SqlParam[] = [dealerId];
    const filter = q.filter?.trim();
    if (filter) {
      const like = anyLike(BUNDLE_FILTER, filter);
      where += ` AND ${like.sql}`;
      params.push(...like.params);
    }
    const count = (await this.store.get<{ n: number }>(`SELECT COUNT(*) AS n ${BUNDLE_FROM} WHERE ${where}`, params))!.n;
    const paged = page(q);
    const rows = await this.store.all<BundleRow>(
      `${BUNDLE_SELECT} WHERE ${where}${orderBy(bundleOrderColumns, q.orderBy, q.ascending, 'b.id', NULLABLE_BUNDLE_ORDER)}${paged.sql}`,
      [...params, ...paged.params],
    );
    return { rows: rows.map(toBundle), count };
  }

  /**
   * All or nothing, in one transaction: 204 unknown equipment, 247 with `list` = every IMEI of
   * `imeis` the dealer already has. `imeis` are validated and distinct.
   */
  async import(dealerId: number, imeis: string[], equipId: number, factoryPreset: boolean): Promise<number> {
    const now = utcDateTime(this.clock.now());
    return this.store.transaction(async (tx) => {
      if (!(await tx.get('SELECT 1 FROM equipment WHERE id = ?', [equipId]))) throw new ApiError(Code.EntityNotFound);
      const existing = await existingValues(tx, 'bundles', 'imei', dealerId, imeis);
      if (existing.length) throw new ApiError(Code.EntityExists, { list: existing });
      await insertMany(
        tx,
        'bundles',
        ['dealer_id', 'imei', 'equip_id', 'factory_preset', 'creation_time'],
        imeis.map((imei) => [dealerId, imei, equipId, flag(factoryPreset), now]),
      );
      return imeis.length;
    });
  }

  /** bundle/update: 201 bundle, 204 equipment. */
  async setEquipment(dealerId: number, bundleId: number, equipId: number): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.get('SELECT 1 FROM bundles WHERE id = ? AND dealer_id = ?', [bundleId, dealerId]))) throw new ApiError(Code.NotFound);
      if (!(await tx.get('SELECT 1 FROM equipment WHERE id = ?', [equipId]))) throw new ApiError(Code.EntityNotFound);
      await tx.run('UPDATE bundles SET equip_id = ? WHERE id = ?', [equipId, bundleId]);
    });
  }

  /**
   * bundle/assign. `iccid` null detaches the SIM card. Checks, in order: 201 bundle, 226 SIM card
   * not found, 250 SIM card deleted, 208 SIM card blocked, 247 the bundle already holds this SIM
   * card, 223 another bundle holds it. A bundle holding another SIM card gets the new one (the
   * old one is released).
   */
  async assignSimCard(dealerId: number, bundleId: number, iccid: string | null): Promise<void> {
    const now = utcDateTime(this.clock.now());
    await this.store.transaction(async (tx) => {
      const bundle = await tx.get<{ id: number; sim_card_id: number | null }>('SELECT id, sim_card_id FROM bundles WHERE id = ? AND dealer_id = ?', [
        bundleId,
        dealerId,
      ]);
      if (!bundle) throw new ApiError(Code.NotFound);
      if (iccid === null) {
        if (bundle.sim_card_id !== null) await tx.run('UPDATE bundles SET sim_card_id = NULL, assign_time = NULL WHERE id = ?', [bundleId]);
        return;
      }
      const sim = await tx.get<{ id: number; blocked: number; deleted: number }>(
        'SELECT id, blocked, deleted FROM sim_cards WHERE dealer_id = ? AND iccid = ?',
        [dealerId, iccid],
      );
      if (!sim) throw new ApiError(Code.WrongIccid);
      if (bool(sim.deleted)) throw new ApiError(Code.DeviceDeleted);
      if (bool(sim.blocked)) throw new ApiError(Code.DeviceBlocked);
      if (bundle.sim_card_id === sim.id) throw new ApiError(Code.EntityExists);
      const holder = await tx.get<{ id: number }>('SELECT id FROM bundles WHERE sim_card_id = ?', [sim.id]);
      if (holder) throw new ApiError(Code.PhoneInUse, { bundle_id: holder.id });
      await tx.run('UPDATE bundles SET sim_card_id = ?, assign_time = ? WHERE id = ?', [sim.id, now, bundleId]);
    });
  }

  /** bundle/order/assign: 201 bundle, 204 order (of this dealer); null detaches. */
  async assignOrder(dealerId: number, bundleId: number, orderId: number | null): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.get('SELECT 1 FROM bundles WHERE id = ? AND dealer_id = ?', [bundleId, dealerId]))) throw new ApiError(Code.NotFound);
      if (orderId !== null && !(await tx.get('SELECT 1 FROM orders WHERE id = ? AND dealer_id = ?', [orderId, dealerId]))) {
        throw new ApiError(Code.EntityNotFound);
      }
      await tx.run('UPDATE bundles SET order_id = ? WHERE id = ?', [orderId, bundleId]);
    });
  }
}
