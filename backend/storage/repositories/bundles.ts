import { utcDateTime, type Clock } from '../../../shared/clock.js';
import { ApiError } from '../../api/api-error.js';
import type { DurableStore, ReadDb, WriteTx } from '../durable-store.js';
import type { SqlParam } from '../sql-database.js';

/** The SIM card as it appears inside a bundle (admin UI `Bundle.sim_card`). */
export interface BundleSimCard {
  phone: string | null;
  iccid: string;
  apn: string | null;
  blocked: boolean;
  deleted: boolean;
}

/**
 * The bundle object: the admin UI's `Bundle` model fields plus the `equip_*` fields of the
 * order/read example, and `factory_preset` as given to bundle/import.
 */
export interface Bundle {
  id: number;
  imei: string;
  model_code: string;
  equip_id: number;
  equip_vendor: string;
  equip_name: string;
  equip_model: string;
  iccid: string | null;
  assign_time: string | null;
  order_id: number | null;
  factory_preset: boolean;
  sim_card: BundleSimCard | null;
}

export interface BundleRow {
  id: number;
  imei: string;
  equip_id: number;
  factory_preset: number;
  sim_card_id: number | null;
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

const BUNDLE_SELECT = `SELECT b.id, b.imei, b.equip_id, b.factory_preset, b.sim_card_id, b.assign_time, b.order_id,
  e.model_code, e.vendor AS equip_vendor, e.name AS equip_name, e.model_name AS equip_model,
  s.iccid, s.phone AS sim_phone, s.apn AS sim_apn, s.blocked AS sim_blocked, s.deleted AS sim_deleted
  ${BUNDLE_FROM}`;

export function presentBundle(row: BundleRow): Bundle {
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
    factory_preset: row.factory_preset === 1,
    sim_card:
      row.iccid === null
        ? null
        : { phone: row.sim_phone, iccid: row.iccid, apn: row.sim_apn, blocked: row.sim_blocked === 1, deleted: row.sim_deleted === 1 },
  };
}

/** bundle/list `order_by`: the original (2020-07) documented values. */
export const bundleOrderColumns = {
  id: 'b.id',
  model_code: 'e.model_code',
  imei: 'b.imei',
  iccid: 's.iccid',
  assign_time: 'b.assign_time',
  order_id: 'b.order_id',
} as const;

export type BundleOrderKey = keyof typeof bundleOrderColumns;

export function likePattern(filter: string): string {
  return `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Rows per multi-row INSERT and values per `IN (...)` lookup in bulk writes. */
const INSERT_CHUNK = 100;
export const LOOKUP_CHUNK = 500;

/**
 * Which of `values` already exist in `column` of the dealer's rows, in the order of `values`.
 * Always binds LOOKUP_CHUNK placeholders (padding with NULL, which matches nothing) so one
 * prepared statement serves every call.
 */
export function existingValues(db: ReadDb | WriteTx, table: string, column: string, dealerId: number, values: string[], extraWhere = ''): string[] {
  const found = new Set<string>();
  const sql = `SELECT ${column} FROM ${table} WHERE dealer_id = ?${extraWhere} AND ${column} IN (${Array(LOOKUP_CHUNK).fill('?').join(', ')})`;
  for (let i = 0; i < values.length; i += LOOKUP_CHUNK) {
    const chunk: SqlParam[] = values.slice(i, i + LOOKUP_CHUNK);
    while (chunk.length < LOOKUP_CHUNK) chunk.push(null);
    for (const value of db.column<string>(sql, [dealerId, ...chunk])) found.add(value);
  }
  return values.filter((v) => found.has(v));
}

/**
 * Inserts many rows with multi-row INSERTs of INSERT_CHUNK rows (the remainder one by one), so a
 * 10,000-row import is ~100 statements in one transaction and one journal record.
 */
export function insertMany(tx: WriteTx, table: string, columns: string[], rows: SqlParam[][]): void {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  const chunkSql = head + Array(INSERT_CHUNK).fill(tuple).join(', ');
  let i = 0;
  for (; i + INSERT_CHUNK <= rows.length; i += INSERT_CHUNK) tx.run(chunkSql, rows.slice(i, i + INSERT_CHUNK).flat());
  for (; i < rows.length; i++) tx.run(head + tuple, rows[i]!);
}

/** Bundles of one dealer. Stateless: construct from `backend.store` and `backend.clock` where needed. */
export class Bundles {
  constructor(
    private readonly store: DurableStore,
    private readonly clock: Clock,
  ) {}

  findById(dealerId: number, bundleId: number): BundleRow | undefined {
    return this.store.get<BundleRow>(`${BUNDLE_SELECT} WHERE b.id = ? AND b.dealer_id = ?`, [bundleId, dealerId]);
  }

  findByImei(dealerId: number, imei: string): BundleRow | undefined {
    return this.store.get<BundleRow>(`${BUNDLE_SELECT} WHERE b.imei = ? AND b.dealer_id = ?`, [imei, dealerId]);
  }

  byOrder(dealerId: number, orderId: number): BundleRow[] {
    return this.store.all<BundleRow>(`${BUNDLE_SELECT} WHERE b.order_id = ? AND b.dealer_id = ? ORDER BY b.id`, [orderId, dealerId]);
  }

  list(
    dealerId: number,
    q: { filter?: string; orderBy: BundleOrderKey; ascending: boolean; offset: number; limit: number },
  ): { rows: BundleRow[]; count: number } {
    const where = ['b.dealer_id = ?'];
    const params: SqlParam[] = [dealerId];
    const filter = q.filter?.trim();
    if (filter) {
      const like = likePattern(filter);
      where.push(
        "(CAST(b.id AS TEXT) LIKE ? ESCAPE '\\' OR b.imei LIKE ? ESCAPE '\\' OR e.model_code LIKE ? ESCAPE '\\' OR s.iccid LIKE ? ESCAPE '\\' OR b.assign_time LIKE ? ESCAPE '\\')",
      );
      params.push(like, like, like, like, like);
    }
    const whereSql = where.join(' AND ');
    const count = this.store.get<{ n: number }>(`SELECT COUNT(*) AS n ${BUNDLE_FROM} WHERE ${whereSql}`, params)!.n;
    const dir = q.ascending ? 'ASC' : 'DESC';
    const rows = this.store.all<BundleRow>(
      `${BUNDLE_SELECT} WHERE ${whereSql} ORDER BY ${bundleOrderColumns[q.orderBy]} ${dir}, b.id ${dir} LIMIT ? OFFSET ?`,
      [...params, q.limit, q.offset],
    );
    return { rows, count };
  }

  /**
   * All or nothing, in one transaction: 204 unknown equipment, 247 with `list` = every IMEI of
   * `imeis` the dealer already has. `imeis` are validated and distinct.
   */
  async import(dealerId: number, imeis: string[], equipId: number, factoryPreset: boolean): Promise<number> {
    return this.store.write((tx) => {
      if (!tx.get('SELECT 1 FROM equipment WHERE id = ?', [equipId])) throw new ApiError(204);
      const existing = existingValues(tx, 'bundles', 'imei', dealerId, imeis);
      if (existing.length) throw new ApiError(247, { list: existing });
      const now = utcDateTime(this.clock.now());
      insertMany(
        tx,
        'bundles',
        ['dealer_id', 'imei', 'equip_id', 'factory_preset', 'creation_time'],
        imeis.map((imei) => [dealerId, imei, equipId, factoryPreset ? 1 : 0, now]),
      );
      return imeis.length;
    });
  }

  /** bundle/update: 201 bundle, 204 equipment. */
  async setEquipment(dealerId: number, bundleId: number, equipId: number): Promise<void> {
    await this.store.write((tx) => {
      if (!tx.get('SELECT 1 FROM bundles WHERE id = ? AND dealer_id = ?', [bundleId, dealerId])) throw new ApiError(201);
      if (!tx.get('SELECT 1 FROM equipment WHERE id = ?', [equipId])) throw new ApiError(204);
      tx.run('UPDATE bundles SET equip_id = ? WHERE id = ?', [equipId, bundleId]);
    });
  }

  /**
   * bundle/assign. `iccid` null detaches the SIM card. Checks, in order: 201 bundle, 226 SIM card
   * not found, 250 SIM card deleted, 208 SIM card blocked, 247 the bundle already holds this SIM
   * card, 223 another bundle holds it. A bundle holding another SIM card gets the new one (the
   * old one is released).
   */
  async assignSimCard(dealerId: number, bundleId: number, iccid: string | null): Promise<void> {
    await this.store.write((tx) => {
      const bundle = tx.get<{ id: number; sim_card_id: number | null }>('SELECT id, sim_card_id FROM bundles WHERE id = ? AND dealer_id = ?', [
        bundleId,
        dealerId,
      ]);
      if (!bundle) throw new ApiError(201);
      if (iccid === null) {
        if (bundle.sim_card_id !== null) tx.run('UPDATE bundles SET sim_card_id = NULL, assign_time = NULL WHERE id = ?', [bundleId]);
        return;
      }
      const sim = tx.get<{ id: number; blocked: number; deleted: number }>('SELECT id, blocked, deleted FROM sim_cards WHERE dealer_id = ? AND iccid = ?', [
        dealerId,
        iccid,
      ]);
      if (!sim) throw new ApiError(226);
      if (sim.deleted === 1) throw new ApiError(250);
      if (sim.blocked === 1) throw new ApiError(208);
      if (bundle.sim_card_id === sim.id) throw new ApiError(247);
      const holder = tx.get<{ id: number }>('SELECT id FROM bundles WHERE sim_card_id = ?', [sim.id]);
      if (holder) throw new ApiError(223, { bundle_id: holder.id });
      tx.run('UPDATE bundles SET sim_card_id = ?, assign_time = ? WHERE id = ?', [sim.id, utcDateTime(this.clock.now()), bundleId]);
    });
  }

  /** bundle/order/assign: 201 bundle, 204 order (of this dealer); null detaches. */
  async assignOrder(dealerId: number, bundleId: number, orderId: number | null): Promise<void> {
    await this.store.write((tx) => {
      if (!tx.get('SELECT 1 FROM bundles WHERE id = ? AND dealer_id = ?', [bundleId, dealerId])) throw new ApiError(201);
      if (orderId !== null && !tx.get('SELECT 1 FROM orders WHERE id = ? AND dealer_id = ?', [orderId, dealerId])) throw new ApiError(204);
      tx.run('UPDATE bundles SET order_id = ? WHERE id = ?', [orderId, bundleId]);
    });
  }
}
